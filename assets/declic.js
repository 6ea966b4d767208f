// Déclic: small progressive enhancements. Every page works without this file.
(function () {
  "use strict";
  // Confirm destructive actions marked with data-confirm.
  document.addEventListener("submit", function (ev) {
    var msg = ev.target.getAttribute("data-confirm");
    if (msg && !window.confirm(msg)) ev.preventDefault();
  });

  // Paint each photo's average colour while it loads (CSP forbids inline styles in the markup).
  Array.prototype.forEach.call(document.querySelectorAll("img[data-placeholder]"), function (img) {
    if (!img.complete) img.style.backgroundColor = img.getAttribute("data-placeholder");
  });

  // Upload form: send with a progress bar; on failure show the server's message next to the form.
  var form = document.querySelector("form[data-upload]");
  if (!form || !window.XMLHttpRequest || !window.FormData || !window.DOMParser) return;
  var bar = form.querySelector("progress");
  var alertBox = form.querySelector("[role=alert]");
  var button = form.querySelector("button[type=submit]");
  function fail(text) {
    if (bar) bar.hidden = true;
    if (button) button.disabled = false;
    if (alertBox) alertBox.textContent = text;
  }
  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    if (alertBox) alertBox.textContent = "";
    if (button) button.disabled = true;
    var xhr = new XMLHttpRequest();
    xhr.open("POST", form.action);
    xhr.upload.addEventListener("progress", function (e) {
      if (bar && e.lengthComputable) { bar.hidden = false; bar.max = e.total; bar.value = e.loaded; }
    });
    xhr.addEventListener("load", function () {
      if (xhr.status < 400) { window.location.assign(xhr.responseURL || "/me"); return; }
      var doc = new DOMParser().parseFromString(xhr.responseText, "text/html");
      var msg = doc.querySelector("[role=alert]");
      fail(msg ? msg.textContent : form.getAttribute("data-network-error"));
    });
    xhr.addEventListener("error", function () { fail(form.getAttribute("data-network-error")); });
    xhr.send(new FormData(form));
  });
})();
