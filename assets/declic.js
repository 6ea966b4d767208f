// Déclic: small progressive enhancements. Every page works without this file.
(function () {
  "use strict";
  // Confirm destructive actions marked with data-confirm.
  document.addEventListener("submit", function (ev) {
    var msg = ev.target.getAttribute("data-confirm");
    if (msg && !window.confirm(msg)) ev.preventDefault();
  });
  // Upload form: show progress while the photo is sent.
  var form = document.querySelector("form[data-upload]");
  if (!form || !window.XMLHttpRequest || !window.FormData) return;
  var bar = form.querySelector("progress");
  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    var xhr = new XMLHttpRequest();
    xhr.open("POST", form.action);
    xhr.upload.addEventListener("progress", function (e) {
      if (bar && e.lengthComputable) { bar.hidden = false; bar.max = e.total; bar.value = e.loaded; }
    });
    xhr.addEventListener("load", function () {
      document.open(); document.write(xhr.responseText); document.close();
      if (xhr.responseURL) history.replaceState(null, "", xhr.responseURL);
    });
    xhr.addEventListener("error", function () {
      var out = form.querySelector("[role=alert]");
      if (out) out.textContent = form.getAttribute("data-network-error") || "Network error";
    });
    xhr.send(new FormData(form));
  });
})();
