// Déclic: small progressive enhancements. Every page works without this file.
(function () {
  "use strict";
  var doc = document;
  function $(sel, root) { return (root || doc).querySelector(sel); }
  function $all(sel, root) { return Array.prototype.slice.call((root || doc).querySelectorAll(sel)); }
  function fill(text, values) {
    return String(text).replace(/\{(\w+)\}/g, function (m, k) { return k in values ? values[k] : m; });
  }
  function noop() {}

  // Confirm destructive actions marked with data-confirm.
  doc.addEventListener("submit", function (ev) {
    var msg = ev.target.getAttribute("data-confirm");
    if (msg && !window.confirm(msg)) ev.preventDefault();
  });

  // Paint each photo's average colour while it loads (CSP forbids inline styles in the markup).
  $all("img[data-placeholder]").forEach(function (img) {
    if (!img.complete) img.style.backgroundColor = img.getAttribute("data-placeholder");
  });

  // The guardian's fields matter only for a participant under the age threshold.
  var guardian = $("#guardian");
  if (guardian) {
    var syncGuardian = function () {
      var on = !!($("#minor-yes") && $("#minor-yes").checked);
      guardian.hidden = !on;
      $("#guardian_name").required = on;
      $("#guardian_consent").required = on;
    };
    $all("input[name=minor]").forEach(function (r) { r.addEventListener("change", syncGuardian); });
    syncGuardian();
  }

  // ---- Vote: the proof of work (ALTCHA format) is solved here before the form is sent ----
  // SHA-256 round constants and initial hash: fractional parts of cube and square roots of primes.
  var K = [], H0 = [];
  (function () {
    function frac(x) { return ((x - Math.floor(x)) * 4294967296) | 0; }
    for (var n = 2, i = 0; i < 64; n++) {
      for (var d = 2, prime = true; d * d <= n; d++) if (n % d === 0) { prime = false; break; }
      if (!prime) continue;
      if (i < 8) H0[i] = frac(Math.sqrt(n));
      K[i++] = frac(Math.pow(n, 1 / 3));
    }
  })();
  function rotr(x, n) { return (x >>> n) | (x << (32 - n)); }
  var W = new Int32Array(64), M = new Int32Array(64);
  // SHA-256 of a short ASCII string (under 248 characters), as eight 32-bit words.
  function sha256(msg) {
    var len = msg.length, total = ((len + 8) >> 6) * 16 + 16, m = M, w = W, h = H0.slice(), i, j;
    for (i = 0; i < total; i++) m[i] = 0;
    for (i = 0; i < len; i++) m[i >> 2] |= msg.charCodeAt(i) << (24 - (i % 4) * 8);
    m[len >> 2] |= 0x80 << (24 - (len % 4) * 8);
    m[total - 1] = len * 8;
    for (j = 0; j < total; j += 16) {
      var a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], k = h[7];
      for (i = 0; i < 64; i++) {
        if (i < 16) w[i] = m[j + i];
        else {
          var x = w[i - 15], y = w[i - 2];
          w[i] = ((rotr(x, 7) ^ rotr(x, 18) ^ (x >>> 3)) + w[i - 16] + (rotr(y, 17) ^ rotr(y, 19) ^ (y >>> 10)) + w[i - 7]) | 0;
        }
        var t1 = (k + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + K[i] + w[i]) | 0;
        var t2 = ((rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) | 0;
        k = g; g = f; f = e; e = (d + t1) | 0; d = c; c = b; b = a; a = (t1 + t2) | 0;
      }
      var r = [a, b, c, d, e, f, g, k];
      for (i = 0; i < 8; i++) h[i] = (h[i] + r[i]) | 0;
    }
    return h;
  }
  function hex(words) { return words.map(function (v) { return ("0000000" + (v >>> 0).toString(16)).slice(-8); }).join(""); }
  window.declicSha256 = function (msg) { return hex(sha256(msg)); };
  $all("form[data-pow]").forEach(function (f) {
    var answer = f.querySelector("input[name=altcha]"), status = f.querySelector("[data-pow-status]");
    var button = f.querySelector("button[type=submit]");
    function fail() { button.disabled = false; status.textContent = f.getAttribute("data-pow-failed"); }
    f.addEventListener("submit", function (ev) {
      if (answer.value) return;
      ev.preventDefault();
      if (button.disabled) return;
      button.disabled = true;
      status.textContent = f.getAttribute("data-pow-working");
      var xhr = new XMLHttpRequest();
      xhr.open("GET", f.getAttribute("data-pow"));
      xhr.onerror = fail;
      xhr.onload = function () {
        if (xhr.status !== 200) return fail();
        var c = JSON.parse(xhr.responseText), n = 0, want = [];
        for (var i = 0; i < 8; i++) want[i] = parseInt(c.challenge.substr(i * 8, 8), 16) | 0;
        (function chunk() {
          for (var end = Math.min(c.maxnumber, n + 20000); n <= end; n++) {
            var got = sha256(c.salt + n);
            if (got[0] === want[0] && hex(got) === c.challenge) {
              answer.value = btoa(JSON.stringify({ algorithm: c.algorithm, challenge: c.challenge, number: n, salt: c.salt, signature: c.signature }));
              return f.submit();
            }
          }
          if (n > c.maxnumber) return fail();
          setTimeout(chunk, 0);
        })();
      };
      xhr.send();
    });
  });

  // Share: the phone's own share sheet where there is one, else copy the link.
  $all("button[data-share]").forEach(function (b) {
    var status = $("[data-share-status]");
    b.hidden = false;
    b.addEventListener("click", function () {
      var url = b.getAttribute("data-share");
      if (navigator.share) {
        navigator.share({ title: b.getAttribute("data-share-title"), url: url }).catch(noop);
      } else if (navigator.clipboard) {
        navigator.clipboard.writeText(url).then(function () { status.textContent = b.getAttribute("data-share-done"); }, noop);
      }
    });
  });

  // ---- Upload page: several photos, previews, checks, resumable sending (tus 1.0) ----
  var form = $("form[data-upload]");
  // A form shown again with an error (sent without this script) stays the plain form.
  if (!form || $("#form-error") || !window.XMLHttpRequest || !window.Blob || !Blob.prototype.slice || !window.JSON || !window.FormData) return;
  var texts = JSON.parse($("#upload-texts").textContent);
  var errors = JSON.parse($("#upload-errors").textContent);
  var input = $("#photo"), list = $("#upload-list"), single = $("#single-fields"), tpl = $("#upload-item");
  var alertBox = $("#upload-alert"), summary = $("#upload-summary");
  var button = form.querySelector("button[type=submit]");
  var maxBytes = +form.getAttribute("data-max-bytes");
  var slots = JSON.parse(form.getAttribute("data-slots") || "[]");
  var CONSENT = ["agree", "took_photo", "accept_rules", "grant", "people", "minor", "guardian_name", "guardian_consent", "rules_version", "credit_name"];
  var DELAYS = [1, 2, 4, 8, 15, 30];
  // A connection that sends nothing for this long is given up and resumed (weak networks often
  // stall without an error); a server still working on the last byte gets longer.
  var STALL_MS = 15000, ANSWER_MS = 120000;
  var RETRYABLE = { offset_mismatch: 1, upload_interrupted: 1, storage_unavailable: 1, decoder_unavailable: 1, internal: 1 };
  // Refusals about one photo's own fields: shown on that field.
  var ITEM_FIELDS = { invalid_title: "title", invalid_description: "description", category_required: "category",
    unknown_category: "category", unknown_place: "place", invalid_place: "place" };
  var items = [], seq = 0, running = false;

  form.noValidate = true;
  input.multiple = true;
  input.required = false;
  // One large button opens the phone's picker; the file input stays for what it does best.
  var pick = doc.createElement("button");
  pick.type = "button";
  pick.className = "add-photos";
  pick.textContent = texts.add;
  pick.setAttribute("aria-describedby", "photo-hint");
  pick.addEventListener("click", function () { input.click(); });
  input.parentNode.insertBefore(pick, input);
  input.classList.add("picker");
  input.tabIndex = -1;
  input.setAttribute("aria-hidden", "true");
  var photoLabel = form.querySelector("label[for=photo]");
  if (photoLabel) photoLabel.classList.add("picker-label");
  single.hidden = true;
  $all("input, textarea, select", single).forEach(function (el) { el.disabled = true; });
  button.textContent = texts.submit;

  function field(item, name) { return item.li.querySelector("[data-name=" + name + "]"); }

  function setState(item, state, text) {
    item.state = state;
    item.li.setAttribute("data-state", state);
    item.status.textContent = text;
    var cancel = item.li.querySelector(".cancel");
    cancel.hidden = state === "done";
    cancel.textContent = state === "uploading" || state === "retrying" ? texts.cancel : texts.remove;
  }

  // `blocked`: the file itself is refused; otherwise the participant may correct and send again.
  function refusal(item, text, blocked) {
    item.blocked = item.blocked || !!blocked;
    $all("input, textarea, select", item.li).forEach(function (el) { el.readOnly = false; });
    setState(item, "error", fill(texts.error, { message: text }));
  }

  // What the file's first bytes say it is (the server checks again, thoroughly).
  function sniff(bytes) {
    var b = new Uint8Array(bytes), s = String.fromCharCode.apply(null, b);
    if (b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return "jpeg";
    if (s.slice(0, 4) === "\x89PNG") return "png";
    if (s.slice(0, 4) === "RIFF" && s.slice(8, 12) === "WEBP") return "webp";
    if (s.slice(4, 8) === "ftyp") return "heic";
    return null;
  }

  function check(item) {
    var file = item.file;
    if (file.size > maxBytes) return refusal(item, texts.size, true);
    if (!file.size) return refusal(item, texts.format, true);
    var reader = new FileReader();
    reader.onload = function () { if (!sniff(reader.result)) refusal(item, texts.format, true); };
    reader.readAsArrayBuffer(file.slice(0, 16));
  }

  // Warns early when the photo has fewer pixels than every cover slot needs (never blocks).
  function checkSize(item, w, h) {
    if (!w || !h || !slots.length || slots.some(function (s) { return w >= s[0] && h >= s[1]; })) return;
    var need = slots.slice().sort(function (a, b) { return a[0] * a[1] - b[0] * b[1]; })[0];
    var warn = item.li.querySelector(".upload-warning");
    warn.textContent = fill(texts.lowres, { width: w, height: h, need: need[0] + " × " + need[1] });
    warn.hidden = false;
  }

  // A HEIC's size from its boxes (meta > iprp > ipco: the largest `ispe`, turned by `irot`),
  // since most browsers cannot decode it.
  function heicSize(buf) {
    var v = new DataView(buf), best = [0, 0], turned = false;
    function walk(start, end, path) {
      var at = start;
      while (at + 8 <= end) {
        var size = v.getUint32(at), type = String.fromCharCode(v.getUint8(at + 4), v.getUint8(at + 5), v.getUint8(at + 6), v.getUint8(at + 7)), head = 8;
        if (size === 1) { size = v.getUint32(at + 12); head = 16; } else if (size === 0) size = end - at;
        if (size < head || at + size > end) return;
        if (type === "meta") walk(at + head + 4, at + size);
        else if (type === "iprp" || type === "ipco") walk(at + head, at + size);
        else if (type === "ispe" && size >= 20) {
          var w = v.getUint32(at + head + 4), h = v.getUint32(at + head + 8);
          if (w * h > best[0] * best[1]) best = [w, h];
        } else if (type === "irot" && size >= head + 1) turned = (v.getUint8(at + head) & 1) === 1;
        at += size;
      }
    }
    try { walk(0, v.byteLength); } catch (e) { return null; }
    return best[0] ? (turned ? [best[1], best[0]] : best) : null;
  }

  // A photo the browser cannot draw (HEIC, on most of them) is drawn by the server, small.
  function serverPreview(item, img) {
    if (item.file.size > maxBytes || item.serverDrawn) return;
    item.serverDrawn = true;
    item.li.classList.add("drawing");
    var xhr = new XMLHttpRequest();
    xhr.open("POST", "/api/v1/previews");
    xhr.responseType = "blob";
    xhr.setRequestHeader("Content-Type", "application/octet-stream");
    xhr.onload = function () {
      item.li.classList.remove("drawing");
      if (xhr.status !== 200 || !item.li.parentNode) return;
      item.previewUrl = URL.createObjectURL(xhr.response);
      img.onload = null;
      img.onerror = null;
      img.src = item.previewUrl;
      img.hidden = false;
    };
    xhr.onerror = function () { item.li.classList.remove("drawing"); };
    xhr.send(item.file);
  }

  function preview(item) {
    var img = item.li.querySelector("img.preview");
    img.onerror = function () { // HEIC: most browsers cannot show it; read its size from its boxes
      img.hidden = true;
      var reader = new FileReader();
      reader.onload = function () { var s = heicSize(reader.result); if (s) checkSize(item, s[0], s[1]); };
      reader.readAsArrayBuffer(item.file.slice(0, 512 * 1024));
      if (window.URL && URL.createObjectURL) serverPreview(item, img);
    };
    if (!window.URL || !URL.createObjectURL) return img.onerror();
    item.objectUrl = URL.createObjectURL(item.file);
    img.onload = function () { checkSize(item, img.naturalWidth, img.naturalHeight); };
    img.src = item.objectUrl;
  }

  function addFile(file) {
    var n = ++seq, li = tpl.content.firstElementChild.cloneNode(true), id = "upload-" + n;
    li.id = id;
    $all("[data-name]", li).forEach(function (el) {
      var name = el.getAttribute("data-name");
      el.id = id + "-" + name;
      var label = li.querySelector("label[data-for=" + name + "]");
      if (label) label.htmlFor = el.id;
      if (el.getAttribute("data-hint")) el.setAttribute("aria-describedby", el.getAttribute("data-hint"));
    });
    var item = { n: n, file: file, li: li, status: li.querySelector(".upload-status"), bar: li.querySelector("progress") };
    item.status.id = id + "-status";
    var name = li.querySelector(".upload-name");
    name.id = id + "-name";
    name.textContent = fill(texts.item, { n: n, name: file.name });
    li.setAttribute("aria-labelledby", name.id);
    li.querySelector(".cancel").addEventListener("click", function () { cancel(item); });
    items.push(item);
    list.appendChild(li);
    setState(item, "queued", texts.queued);
    check(item);
    preview(item);
  }

  input.addEventListener("change", function () {
    Array.prototype.forEach.call(input.files, addFile);
    input.value = "";
    list.hidden = !items.length;
    pick.textContent = items.length ? texts.addMore : texts.add;
    alertBox.textContent = "";
    var first = list.querySelector("li[data-state=queued] input[data-name=title]");
    if (first && !first.value) first.focus();
  });

  function b64(text) {
    var bytes = new TextEncoder().encode(text), bin = "";
    for (var i = 0; i < bytes.length; i++) bin += String.fromCharCode(bytes[i]);
    return btoa(bin);
  }

  // Upload-Metadata: the photo's own fields, then the declarations made once for the batch.
  function metadata(item) {
    var pairs = [], grants = [];
    function add(k, v) { if (v) pairs.push(k + " " + b64(v)); }
    add("filename", item.file.name);
    add("filetype", item.file.type);
    ["title", "description", "category", "place"].forEach(function (k) { var el = field(item, k); if (el) add(k, el.value); });
    new FormData(form).forEach(function (v, k) {
      if (k === "grant") grants.push(v);
      else if (CONSENT.indexOf(k) >= 0) add(k, String(v));
    });
    add("grants", grants.join(","));
    return pairs.join(",");
  }

  function request(item, method, url, headers, body, onload, onprogress) {
    var xhr = new XMLHttpRequest(), last = Date.now(), sent = false;
    xhr.open(method, url);
    xhr.setRequestHeader("Tus-Resumable", "1.0.0");
    Object.keys(headers).forEach(function (k) { xhr.setRequestHeader(k, headers[k]); });
    xhr.upload.onprogress = function (e) {
      last = Date.now();
      if (onprogress) onprogress(e);
    };
    xhr.upload.onload = function () { sent = true; last = Date.now(); };
    var watchdog = setInterval(function () {
      if (Date.now() - last > (sent || !body ? ANSWER_MS : STALL_MS)) {
        stop();
        xhr.abort();
        retry(item);
      }
    }, 1000);
    function stop() {
      clearInterval(watchdog);
      xhr.onload = xhr.onerror = xhr.ontimeout = xhr.onabort = null;
    }
    xhr.onload = function () { stop(); onload(xhr); };
    xhr.onerror = xhr.ontimeout = function () { stop(); retry(item); };
    xhr.onabort = stop;
    item.xhr = xhr;
    xhr.send(body || null);
  }

  function errorCode(xhr) {
    try { return JSON.parse(xhr.responseText).error.code; } catch (e) { return xhr.status >= 500 ? "internal" : null; }
  }

  function answer(item, xhr) {
    var code = errorCode(xhr);
    if (xhr.status === 0 || RETRYABLE[code]) return retry(item);
    item.url = null;
    refusal(item, errors[code] || errors.internal);
    var el = ITEM_FIELDS[code] && field(item, ITEM_FIELDS[code]);
    if (el) {
      el.setAttribute("aria-invalid", "true");
      el.setAttribute("aria-describedby", ((el.getAttribute("data-hint") || "") + " " + item.status.id).trim());
    }
    next(item);
  }

  function progress(item, sent) {
    var pct = Math.min(100, Math.floor(sent * 100 / Math.max(item.file.size, 1)));
    item.bar.value = pct;
    if (Math.floor(pct / 10) !== item.decile) { // speak in steps, not at every packet
      item.decile = Math.floor(pct / 10);
      item.status.textContent = fill(texts.uploading, { percent: pct });
    }
  }

  function create(item) {
    request(item, "POST", form.getAttribute("data-tus"),
      { "Upload-Length": String(item.file.size), "Upload-Metadata": metadata(item) }, null,
      function (xhr) {
        if (xhr.status !== 201) return answer(item, xhr);
        item.url = xhr.getResponseHeader("Location");
        item.offset = 0;
        send(item);
      });
  }

  // Asks the server where the upload stands, then sends the rest.
  function resume(item) {
    request(item, "HEAD", item.url, {}, null, function (xhr) {
      if (xhr.status === 404) { item.url = null; return create(item); } // expired: start again
      if (xhr.status !== 200) return answer(item, xhr);
      if (xhr.getResponseHeader("Declic-Entry-Id")) return succeed(item);
      item.offset = +xhr.getResponseHeader("Upload-Offset");
      send(item);
    });
  }

  function send(item) {
    progress(item, item.offset);
    request(item, "PATCH", item.url,
      { "Content-Type": "application/offset+octet-stream", "Upload-Offset": String(item.offset) },
      item.file.slice(item.offset),
      function (xhr) {
        if (xhr.status !== 204) return answer(item, xhr);
        item.attempts = 0;
        item.offset = +xhr.getResponseHeader("Upload-Offset");
        if (xhr.getResponseHeader("Declic-Entry-Id")) succeed(item);
        else send(item);
      },
      function (e) { if (e.lengthComputable) progress(item, item.offset + e.loaded); });
  }

  // Waits (1, 2, 4, 8, 15, then 30 s) and resumes from what the server has; sooner if the network returns.
  function retry(item) {
    if (!item.li || item.state === "cancelled") return;
    item.attempts = (item.attempts || 0) + 1;
    if (item.attempts > 40) { refusal(item, errors.upload_interrupted); return next(item); }
    var left = DELAYS[Math.min(item.attempts - 1, DELAYS.length - 1)];
    setState(item, "retrying", fill(texts.retrying, { seconds: left }));
    item.wake = function () {
      clearInterval(item.timer);
      item.timer = item.wake = null;
      setState(item, "uploading", fill(texts.uploading, { percent: item.bar.value }));
      if (item.url) resume(item); else create(item);
    };
    item.timer = setInterval(function () {
      left -= 1;
      if (left > 0) item.status.textContent = fill(texts.retrying, { seconds: left });
      else item.wake();
    }, 1000);
  }
  window.addEventListener("online", function () {
    items.forEach(function (item) { if (item.wake) item.wake(); });
  });

  function succeed(item) {
    item.bar.value = 100;
    setState(item, "done", texts.done);
    $all("input, textarea, select", item.li).forEach(function (el) { el.disabled = true; });
    next(item);
  }

  function next(item) {
    var then = item.then;
    item.then = null;
    if (then) then();
  }

  function cancel(item) {
    if (item.state === "uploading" || item.state === "retrying") {
      if (item.xhr) item.xhr.abort();
      clearInterval(item.timer);
      item.timer = item.wake = null;
      if (item.url) request({}, "DELETE", item.url, {}, null, noop);
      item.url = null;
      setState(item, "cancelled", texts.cancelled);
      return next(item);
    }
    var i = items.indexOf(item), after = items[i + 1] || items[i - 1];
    items.splice(i, 1);
    item.li.parentNode.removeChild(item.li);
    if (item.objectUrl) URL.revokeObjectURL(item.objectUrl);
    if (item.previewUrl) URL.revokeObjectURL(item.previewUrl);
    list.hidden = !items.length;
    pick.textContent = items.length ? texts.addMore : texts.add;
    (after ? after.li.querySelector(".cancel") : pick).focus();
  }

  function upload(item, then) {
    item.then = then;
    item.decile = -1;
    $all("[aria-invalid]", item.li).forEach(function (el) {
      el.removeAttribute("aria-invalid");
      if (el.getAttribute("data-hint")) el.setAttribute("aria-describedby", el.getAttribute("data-hint"));
      else el.removeAttribute("aria-describedby");
    });
    $all("input, textarea, select", item.li).forEach(function (el) { el.readOnly = true; });
    setState(item, "uploading", fill(texts.uploading, { percent: 0 }));
    if (item.url) resume(item); else create(item);
  }

  function finished() {
    running = false;
    button.disabled = false;
    var done = items.filter(function (i) { return i.state === "done"; }).length;
    var total = items.filter(function (i) { return i.state !== "cancelled"; }).length;
    summary.textContent = (done === total ? texts.allDone + " " : "") +
      fill(total === 1 ? texts.summaryOne : texts.summaryOther, { done: done, total: total }) + " — ";
    var link = doc.createElement("a");
    link.href = "/me";
    link.textContent = texts.seeMine;
    summary.appendChild(link);
    summary.hidden = false;
  }

  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    if (running) return;
    alertBox.textContent = "";
    var queue = items.filter(function (i) { return i.state === "queued" || (i.state === "error" && !i.blocked); });
    if (!queue.length) { alertBox.textContent = errors.photo_required; input.focus(); return; }
    var empty = queue.filter(function (i) { return !field(i, "title").value.trim(); });
    if (empty.length) {
      alertBox.textContent = texts.fields;
      field(empty[0], "title").focus();
      return;
    }
    // A first photo asks once for the name it is credited with.
    var credit = $("#credit_name");
    if (credit && !credit.value.trim()) { credit.setCustomValidity(errors.credit_required || ""); credit.reportValidity(); credit.setCustomValidity(""); credit.focus(); return; }
    var consent = $all("input", $("#consent"));
    for (var i = 0; i < consent.length; i++) {
      if (!consent[i].checkValidity()) { consent[i].reportValidity(); consent[i].focus(); return; }
    }
    running = true;
    button.disabled = true;
    summary.hidden = true;
    (function step() {
      var item = queue.shift();
      if (!item) return finished();
      if (item.state === "cancelled") return step();
      upload(item, step);
    })();
  });
})();
