// `newsroom serve` adds this script to every page it serves, and only there: a built or
// published site never carries it. After each build the preview server sends the files
// that changed; the page reloads when its own file, or a file it shows, is among them.
// A failed build sends its problems instead, shown over the last good page until a
// build succeeds.
(function () {
  'use strict';
  var script = document.currentScript;
  var server = script.dataset.server;
  var generation = Number(script.dataset.generation);
  var base = new URL('/__newsroom/', location.href);
  // What a page shows: its images, scripts, styles, and a figure's chart and data links.
  var SHOWN = 'img[src], img[srcset], source[srcset], source[src], script[src], ' +
    'link[rel~="stylesheet"][href], link[rel~="icon"][href], object[data], ' +
    'iframe[src], video[src], audio[src], figure a[href]';
  var overlay = null;
  var shownProblems = null;
  var hiddenProblems = null;
  var focusBefore = null;

  var stylesheet = document.createElement('link');
  stylesheet.rel = 'stylesheet';
  stylesheet.href = new URL('live-reload.css', base).href;
  document.head.appendChild(stylesheet);

  function fileOf(address) {
    var url = new URL(address, location.href);
    if (url.origin !== location.origin) return null;
    var path = decodeURIComponent(url.pathname).replace(/^\/+/, '');
    return path === '' || path.endsWith('/') ? path + 'index.html' : path;
  }

  function addresses(element) {
    var found = [];
    ['src', 'href', 'data'].forEach(function (name) {
      var value = element.getAttribute(name);
      if (value) found.push(value);
    });
    (element.getAttribute('srcset') || '').split(',').forEach(function (candidate) {
      var address = candidate.trim().split(/\s+/)[0];
      if (address) found.push(address);
    });
    return found;
  }

  function showsAny(changed) {
    if (changed === null) return true;
    var files = new Set(changed);
    if (files.has(fileOf(location.href))) return true;
    var folders = [];
    var elements = document.querySelectorAll(SHOWN);
    for (var i = 0; i < elements.length; i++) {
      var shown = addresses(elements[i]).map(fileOf).filter(Boolean);
      for (var j = 0; j < shown.length; j++) {
        if (files.has(shown[j])) return true;
        // a script may load files beside it (the search index does)
        if (elements[i].tagName === 'SCRIPT') folders.push(shown[j].replace(/[^/]*$/, ''));
      }
    }
    return changed.some(function (file) {
      return folders.some(function (folder) { return folder && file.startsWith(folder); });
    });
  }

  function element(tag, className, text) {
    var made = document.createElement(tag);
    if (className) made.className = className;
    if (text) made.textContent = text;  // text only: a message never becomes markup
    return made;
  }

  function hide() {
    if (overlay === null) return;
    overlay.remove();
    overlay = null;
    if (focusBefore && focusBefore.focus) focusBefore.focus();
  }

  function show(problems) {
    var key = JSON.stringify(problems);
    if (problems.length === 0) {
      shownProblems = hiddenProblems = null;
      hide();
      return;
    }
    if (key === shownProblems || key === hiddenProblems) return;
    hide();
    shownProblems = key;
    overlay = element('div', 'newsroom-problems');
    overlay.setAttribute('role', 'alertdialog');
    overlay.setAttribute('aria-modal', 'true');
    overlay.setAttribute('aria-labelledby', 'newsroom-problems-title');
    overlay.setAttribute('aria-describedby', 'newsroom-problems-note');
    var noun = problems.length === 1 ? 'problem' : 'problems';
    var title = element('h2', '', 'The build failed: ' + problems.length + ' ' + noun);
    title.id = 'newsroom-problems-title';
    var note = element('p', 'newsroom-problems-note',
      'Below is the last good build. Fix each file and save: this closes by itself ' +
      'when the build succeeds. Escape hides it.');
    note.id = 'newsroom-problems-note';
    var list = element('ol', 'newsroom-problems-list');
    problems.forEach(function (problem) {
      var item = element('li');
      var place = element('p', 'newsroom-problem-place');
      place.appendChild(element('code', '', 'error[' + problem.code + ']'));
      place.appendChild(document.createTextNode(' '));
      place.appendChild(element('strong', 'newsroom-problem-location', problem.location));
      item.appendChild(place);
      item.appendChild(element('p', 'newsroom-problem-message', problem.message));
      if (problem.hint) item.appendChild(element('p', 'newsroom-problem-hint', 'fix: ' + problem.hint));
      list.appendChild(item);
    });
    var button = element('button', 'newsroom-problems-hide', 'Hide');
    button.type = 'button';
    button.addEventListener('click', function () {
      hiddenProblems = key;
      hide();
    });
    overlay.addEventListener('keydown', function (event) {
      if (event.key === 'Escape') button.click();
    });
    overlay.append(title, note, list, button);
    focusBefore = document.activeElement;
    document.body.appendChild(overlay);
    button.focus();
  }

  var events = null;

  function listen() {
    if (events !== null || document.hidden) return;
    events = new EventSource(new URL('events?generation=' + generation, base).href);
    events.onmessage = function (message) {
      var news = JSON.parse(message.data);
      if (news.server !== server || showsAny(news.changed)) {
        stop();
        location.reload();
        return;
      }
      generation = news.generation;
      show(news.problems);
    };
    events.onerror = function () {  // the preview stopped or restarts: ask again later
      stop();
      setTimeout(listen, 1000);
    };
  }

  function stop() {
    if (events !== null) events.close();
    events = null;
  }

  // A browser opens six connections to a host at most: a tab in the background gives its
  // stream up, and hears what changed meanwhile when it is shown again.
  document.addEventListener('visibilitychange', function () {
    if (document.hidden) stop(); else listen();
  });
  listen();
}());
