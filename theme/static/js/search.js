/* Search with Pagefind's own interface; without JavaScript the page lists every page. */
(function () {
  'use strict';
  function start() {
    var target = document.getElementById('search');
    if (!target || typeof window.PagefindUI !== 'function') return;
    new window.PagefindUI({
      element: '#search',
      bundlePath: target.getAttribute('data-bundle'),
      translations: JSON.parse(target.getAttribute('data-translations') || '{}'),
      showSubResults: true,
      showImages: false,
      resetStyles: false
    });
  }
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
})();
