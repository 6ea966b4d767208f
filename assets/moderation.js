// Moderation workspace: decisions without reloading (pointer and keyboard), the reason of a
// refusal picked in a dialog, an undo for the latest decisions, counts kept up to date. Without
// this script every button is a plain form or link that works the same.
(function () {
  'use strict';
  var desk = document.querySelector('.desk');
  if (!desk || !window.fetch) return;
  var tiles = Array.prototype.slice.call(desk.querySelectorAll('.tile'));
  var status = document.getElementById('desk-status');
  var recent = document.getElementById('recent');
  var dialog = document.getElementById('reject-dialog');
  var current = -1;
  var undoStack = [];
  var text = desk.dataset;

  function fill(s, values) {
    return String(s).replace(/\{(\w+)\}/g, function (m, k) { return k in values ? values[k] : m; });
  }
  function say(msg) { if (status) status.textContent = msg; }
  function live() { return tiles.filter(function (t) { return !t.hidden; }); }
  function bump(state, by) {
    var el = desk.querySelector('[data-count="' + state + '"]');
    if (!el) return;
    var n = parseInt(el.textContent.replace(/\D/g, ''), 10) || 0;
    el.textContent = String(Math.max(0, n + by));
  }

  function post(url, body) {
    return fetch(url, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify(body || {})
    }).then(function (res) {
      return res.json().catch(function () { return {}; }).then(function (json) {
        if (!res.ok) throw (json.error && json.error.code) || 'error';
        return json;
      });
    });
  }

  function focusTile(i) {
    var list = live();
    if (!list.length) { current = -1; return; }
    current = Math.max(0, Math.min(list.length - 1, i));
    list[current].focus();
    list[current].scrollIntoView({ block: 'nearest' });
  }

  function titleOf(tile) { return tile.dataset.title; }

  // A decided tile leaves the grid; its line in « Dernières décisions » offers the undo.
  function decided(tile, decision) {
    var list = live();
    var at = list.indexOf(tile);
    tile.hidden = true;
    tile.dataset.decided = decision === 'approve' ? 'approved' : 'rejected';
    bump(tile.dataset.status, -1);
    bump(tile.dataset.decided, 1);
    var outcome = decision === 'approve' ? text.approvedText : text.rejectedText;
    undoStack.push(tile);
    var li = document.createElement('li');
    li.dataset.entry = tile.dataset.entry;
    li.textContent = fill(text.lineText, { outcome: outcome, title: titleOf(tile) }) + ' ';
    var b = document.createElement('button');
    b.type = 'button';
    b.className = 'link';
    b.textContent = text.undoText;
    b.setAttribute('aria-label', text.undoText + ' — ' + titleOf(tile));
    b.addEventListener('click', function () { undo(tile); });
    li.appendChild(b);
    recent.insertBefore(li, recent.firstChild);
    say(fill(text.lineText, { outcome: outcome, title: titleOf(tile) }));
    if (at >= 0) focusTile(at);
  }

  function decide(tile, decision, reason) {
    var body = { decision: decision };
    if (reason) body.reason = reason;
    tile.setAttribute('aria-busy', 'true');
    return post('/api/v1/entries/' + tile.dataset.entry + '/moderation', body)
      .then(function () { decided(tile, decision); })
      .catch(function () { say(text.errorText); })
      .then(function () { tile.removeAttribute('aria-busy'); });
  }

  function undo(tile) {
    if (!tile) return;
    post('/api/v1/entries/' + tile.dataset.entry + '/moderation/undo').then(function () {
      var i = undoStack.indexOf(tile);
      if (i >= 0) undoStack.splice(i, 1);
      var line = recent.querySelector('li[data-entry="' + tile.dataset.entry + '"]');
      if (line) line.remove();
      tile.hidden = false;
      bump(tile.dataset.status, 1);
      bump(tile.dataset.decided, -1);
      say(fill(text.undoneText, { title: titleOf(tile) }));
      tile.focus();
      current = live().indexOf(tile);
    }).catch(function (code) {
      say(code === 'undo_expired' ? text.expiredText : text.errorText);
    });
  }

  // The refusal's reason, picked or written, in a dialog.
  var rejecting = null;
  function askReason(tile) {
    if (!dialog || !dialog.showModal) { window.location = tile.querySelector('a[data-decide=reject]').href; return; }
    rejecting = tile;
    document.getElementById('reject-photo').textContent = titleOf(tile);
    document.getElementById('reject-error').hidden = true;
    document.getElementById('reject-reason').value = '';
    document.getElementById('reject-template').value = '';
    dialog.showModal();
    document.getElementById('reject-template').focus();
  }
  if (dialog) {
    document.getElementById('reject-form').addEventListener('submit', function (ev) {
      var submitter = ev.submitter;
      if (submitter && submitter.value === 'cancel') return;
      var words = document.getElementById('reject-reason').value.trim();
      var picked = document.getElementById('reject-template').value;
      var reason = words || picked;
      if (!reason) {
        ev.preventDefault();
        document.getElementById('reject-error').hidden = false;
        document.getElementById('reject-reason').focus();
        return;
      }
      decide(rejecting, 'reject', reason);
    });
    dialog.addEventListener('close', function () {
      if (rejecting && !rejecting.hidden) rejecting.focus();
      rejecting = null;
    });
  }

  tiles.forEach(function (tile) {
    var form = tile.querySelector('form[data-decide=approve]');
    if (form) form.addEventListener('submit', function (ev) { ev.preventDefault(); decide(tile, 'approve'); });
    var reject = tile.querySelector('a[data-decide=reject]');
    if (reject) reject.addEventListener('click', function (ev) { ev.preventDefault(); askReason(tile); });
    tile.addEventListener('focusin', function () { current = live().indexOf(tile); });
  });

  // Filters apply as soon as one is chosen.
  Array.prototype.forEach.call(document.querySelectorAll('select[data-autosubmit]'), function (s) {
    s.addEventListener('change', function () { s.form.submit(); });
  });

  document.addEventListener('keydown', function (ev) {
    var t = ev.target, key = ev.key;
    if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
    if (dialog && dialog.open) return;
    if (/^(input|textarea|select|button)$/i.test(t.tagName)) return;
    var list = live();
    var tile = current >= 0 ? list[current] : null;
    switch (key.length === 1 ? key.toLowerCase() : key) {
      case 'j': case 'ArrowRight': focusTile(current + 1); break;
      case 'k': case 'ArrowLeft': focusTile(current - 1); break;
      case 'a': if (tile && tile.querySelector('form[data-decide=approve]')) decide(tile, 'approve'); else return; break;
      case 'r': if (tile && tile.querySelector('a[data-decide=reject]')) askReason(tile); else return; break;
      case 'u': undo(undoStack[undoStack.length - 1]); break;
      case 'x': if (tile) { var box = tile.querySelector('input[type=checkbox]'); if (box) box.checked = !box.checked; } else return; break;
      case 'Enter': if (tile && t === tile) window.location = tile.querySelector('a.thumb').href; else return; break;
      default: return;
    }
    ev.preventDefault();
  });
})();
