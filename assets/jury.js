// Jury photo page: every mark saved at once (with a visible confirmation), keyboard and swipe
// navigation, and the photo previewed cropped to a printed cover's format. The page works
// without this script (plain form, links).
(function () {
  'use strict';
  var root = document.querySelector('.jury-photo');
  if (!root) return;
  var form = root.querySelector('.jury-marks');
  var status = document.getElementById('jury-status');
  var progress = document.getElementById('jury-progress');
  var frame = document.getElementById('jury-frame');
  var toggle = document.getElementById('cover-toggle');
  var format = document.getElementById('cover-format');
  var api = '/api/v1/rounds/' + root.dataset.round + '/entries/' + root.dataset.entry + '/mark';
  var method = root.dataset.method;

  function say(text, bad) {
    if (!status) return;
    status.textContent = text;
    status.className = bad ? 'error' : 'saved';
  }

  // One save at a time, in the order given: a quick change never lands before the mark it replaces.
  var queue = Promise.resolve();
  function save(body) {
    say('…');
    queue = queue.then(function () { return send(body); });
    return queue;
  }

  function send(body) {
    return fetch(api, {
      method: 'PUT',
      credentials: 'same-origin',
      keepalive: true,
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify(body)
    }).then(function (res) {
      return res.json().then(function (json) {
        if (!res.ok) {
          say((json.error && json.error.message) || root.dataset.errorText, true);
          return;
        }
        say('✓ ' + root.dataset.savedText);
        if (progress && json.progress) progress.textContent = json.progress;
      });
    }).catch(function () { say(root.dataset.errorText, true); });
  }

  function bodyFor(input) {
    if (method === 'yes_no') return { yes: input.value === '1' };
    if (method === 'ranking') return { place: parseInt(input.value, 10) };
    var c = input.closest('[data-criterion]');
    return { scores: [{ criterion_id: parseInt(c.dataset.criterion, 10), score: parseInt(input.value, 10) }] };
  }

  if (form) {
    form.addEventListener('change', function (e) {
      var t = e.target;
      if (t.name === 'yes' || t.name === 'place' || t.name.indexOf('score-') === 0) save(bodyFor(t));
    });
  }

  // The criterion the digit keys score: the one holding the focus, else the first unscored.
  var groups = form ? Array.prototype.slice.call(form.querySelectorAll('[data-criterion]')) : [];
  var active = 0;
  function activate(i) {
    active = Math.max(0, Math.min(i, groups.length - 1));
    groups.forEach(function (g, j) { g.classList.toggle('active', j === active); });
  }
  if (groups.length) {
    var firstEmpty = groups.findIndex(function (g) { return !g.querySelector('input:checked'); });
    activate(firstEmpty < 0 ? 0 : firstEmpty);
    groups.forEach(function (g, i) { g.addEventListener('focusin', function () { activate(i); }); });
  }

  function choose(input) {
    if (!input || input.checked) return;
    input.checked = true;
    input.dispatchEvent(new Event('change', { bubbles: true }));
  }

  // Leaves once every mark is saved.
  function go(url) {
    if (url) queue.then(function () { window.location.href = url; });
  }

  // The cover's format, set through the CSSOM (the page's CSP allows no inline style).
  function setFormat(aspect, ratio) {
    if (!frame || !aspect) return;
    frame.style.setProperty('--cover-aspect', aspect);
    frame.style.setProperty('--cover-ratio', ratio);
  }
  if (frame) setFormat(frame.dataset.aspect, frame.dataset.ratio);

  function setCover(on) {
    if (!frame || !toggle) return;
    frame.classList.toggle('cover', on);
    toggle.setAttribute('aria-pressed', on ? 'true' : 'false');
  }
  if (toggle) {
    toggle.hidden = false;
    toggle.addEventListener('click', function () { setCover(!frame.classList.contains('cover')); });
  }
  if (format) {
    format.hidden = false;
    var label = document.querySelector('label[for=cover-format]');
    if (label) label.hidden = false;
    format.addEventListener('change', function () {
      var o = format.options[format.selectedIndex];
      setFormat(o.value, o.dataset.ratio);
      setCover(true);
    });
  }

  document.addEventListener('keydown', function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    var t = e.target;
    if (t.tagName === 'TEXTAREA' || t.tagName === 'SELECT' || (t.tagName === 'INPUT' && t.type !== 'radio')) return;
    var k = e.key;
    if (k === 'ArrowRight') { e.preventDefault(); go(root.dataset.next); return; }
    if (k === 'ArrowLeft') { e.preventDefault(); go(root.dataset.prev); return; }
    if (k === 'c' || k === 'C') { if (toggle) setCover(!frame.classList.contains('cover')); return; }
    if (!form) return;
    if (method === 'yes_no') {
      if (k === 'y' || k === 'o') choose(form.querySelector('#yes-1'));
      if (k === 'n') choose(form.querySelector('#yes-0'));
      return;
    }
    if (!/^[0-9]$/.test(k)) return;
    var n = parseInt(k, 10);
    if (method === 'ranking') {
      var select = form.querySelector('#place');
      if (n < select.options.length) {
        select.value = String(n);
        select.dispatchEvent(new Event('change', { bubbles: true }));
      }
      return;
    }
    if (!groups.length) return;
    var value = n === 0 ? 10 : n;
    choose(groups[active].querySelector('input[value="' + value + '"]'));
    activate(active + 1);
  });

  // Swipe left for the next photo, right for the previous one.
  var startX = null;
  var startY = null;
  root.addEventListener('touchstart', function (e) {
    startX = e.changedTouches[0].clientX;
    startY = e.changedTouches[0].clientY;
  }, { passive: true });
  root.addEventListener('touchend', function (e) {
    if (startX === null) return;
    var dx = e.changedTouches[0].clientX - startX;
    var dy = e.changedTouches[0].clientY - startY;
    startX = null;
    if (Math.abs(dx) > 60 && Math.abs(dy) < 50) go(dx < 0 ? root.dataset.next : root.dataset.prev);
  }, { passive: true });
})();
