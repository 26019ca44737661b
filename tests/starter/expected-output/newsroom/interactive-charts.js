/* Interactive charts, loaded only when a reader asks for one.
 *
 * Each figure with a "Show interactive chart" button gets it revealed (so readers
 * without JavaScript never see a control that does nothing). A click loads Vega,
 * Vega-Lite and vega-embed from this site, then the chart's own Vega-Lite spec, and
 * draws it in place of the static image. Works under a Content-Security-Policy with
 * no 'unsafe-eval' and no 'unsafe-inline': expressions run through vega-interpreter
 * (ast: true) and no <style> element is injected.
 * This file may be included once per figure: it sets itself up only once.
 */
(function () {
  'use strict';
  if (window.newsroomInteractiveCharts) return;
  window.newsroomInteractiveCharts = true;

  var here = document.currentScript.src;
  function asset(path) { return new URL(path, here).href; }

  var CLASSIC = [
    'vendor/vega/vega.min.js',
    'vendor/vega-lite/vega-lite.min.js',
    'vendor/vega-embed/vega-embed.min.js'
  ];
  var ready = null;

  function loadScript(src) {
    return new Promise(function (resolve, reject) {
      var script = document.createElement('script');
      script.src = asset(src);
      script.async = false;
      script.onload = function () { resolve(); };
      script.onerror = function () { reject(new Error('could not load ' + src)); };
      document.head.appendChild(script);
    });
  }

  function loadLibraries() {
    if (!ready) {
      var style = document.createElement('link');
      style.rel = 'stylesheet';
      style.href = asset('interactive-charts.css');
      document.head.appendChild(style);
      ready = CLASSIC.reduce(function (previous, src) {
        return previous.then(function () { return loadScript(src); });
      }, Promise.resolve()).then(function () {
        return import(asset('vendor/vega-interpreter/vega-interpreter.js'));
      }).then(function (module) { return module.expressionInterpreter; });
      ready.catch(function () { ready = null; });
    }
    return ready;
  }

  function show(figure, button) {
    var specLink = figure.querySelector('a.chart-spec');
    var frame = figure.querySelector('.chart-frame');
    var label = button.textContent;  // the page's words: the button carries them all
    button.disabled = true;
    button.textContent = button.dataset.loading;
    Promise.all([
      loadLibraries(),
      fetch(specLink.href, {credentials: 'same-origin'}).then(function (response) {
        if (!response.ok) throw new Error('HTTP ' + response.status);
        return response.json();
      })
    ]).then(function (loaded) {
      var container = document.createElement('div');
      container.className = 'chart-interactive';
      frame.appendChild(container);
      return window.vegaEmbed(container, loaded[1], {
        ast: true,
        expr: loaded[0],
        actions: false,
        defaultStyle: false,
        tooltip: {disableDefaultStyle: true},
        renderer: 'svg',
        mode: 'vega-lite'
      });
    }).then(function () {
      figure.querySelector('.chart-image').hidden = true;
      button.hidden = true;
    }).catch(function (error) {
      button.disabled = false;
      button.textContent = label;
      var message = document.createElement('p');
      message.className = 'chart-error';
      message.setAttribute('role', 'alert');
      message.textContent = button.dataset.failed.replace('{reason}', error.message);
      frame.appendChild(message);
    });
  }

  function init() {
    var buttons = document.querySelectorAll('figure.chart .chart-interactive-button');
    Array.prototype.forEach.call(buttons, function (button) {
      var figure = button.closest('figure.chart');
      button.hidden = false;
      button.addEventListener('click', function () { show(figure, button); });
    });
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', init);
  } else {
    init();
  }
})();
