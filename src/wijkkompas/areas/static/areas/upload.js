// Wijkbeeld import page: send the file with XMLHttpRequest so a <progress> element can show the
// upload. Progressive enhancement only: without JavaScript the form posts normally and the
// server answers with the same pages (the preview after a redirect, the form with its errors).
(function () {
  "use strict";

  function mb(bytes) {
    return (bytes / 1000000).toFixed(1).replace(".", ",") + " MB";
  }

  function pathOf(url) {
    return new URL(url, window.location.href).pathname;
  }

  function init(root) {
    var form = root.querySelector("form[data-upload-form]");
    if (!form || !window.FormData || !window.XMLHttpRequest) {
      return;
    }
    var box = form.querySelector("[data-upload-progress]");
    var bar = box.querySelector("progress");
    var status = box.querySelector("[data-upload-status]");
    var errorBox = root.querySelector("[data-upload-error]");
    var button = form.querySelector("button[type=submit]");
    var input = form.querySelector("input[type=file]");
    var maxBytes = parseInt(form.getAttribute("data-max-bytes"), 10) || 0;

    function showError(text) {
      errorBox.textContent = text;
      errorBox.hidden = false;
      box.hidden = true;
      button.disabled = false;
    }

    function replacePage(html) {
      // The server answered with the form page again (its errors in it): show that page.
      var next = new DOMParser().parseFromString(html, "text/html");
      var main = document.getElementById("inhoud");
      var nextMain = next.getElementById("inhoud");
      if (!main || !nextMain) {
        showError("Het uploaden is mislukt. Probeer het opnieuw.");
        return;
      }
      document.title = next.title;
      main.innerHTML = nextMain.innerHTML;
      init(main);
      var summary = document.getElementById("upload-fouten");
      if (summary) {
        summary.focus();
      }
    }

    form.addEventListener("submit", function (event) {
      var file = input.files && input.files[0];
      if (!file) {
        return; // the browser's required check (or the server) names what is missing
      }
      event.preventDefault();
      if (maxBytes && file.size > maxBytes) {
        showError(file.name + " is te groot (" + mb(file.size) + "); maximaal " +
          form.getAttribute("data-max-size") + ".");
        return;
      }
      errorBox.hidden = true;
      box.hidden = false;
      button.disabled = true;
      bar.value = 0;
      bar.textContent = "0%";
      status.textContent = "Uploaden van " + file.name + " (" + mb(file.size) + ")…";
      var lastShown = -10;
      var xhr = new XMLHttpRequest();
      xhr.open("POST", form.action || window.location.href);
      xhr.upload.addEventListener("progress", function (e) {
        if (!e.lengthComputable) {
          return;
        }
        var percent = Math.round((e.loaded / e.total) * 100);
        bar.value = percent;
        bar.textContent = percent + "%";
        if (percent - lastShown >= 10 || percent === 100) { // not every event: a live region
          lastShown = percent;
          status.textContent = "Uploaden: " + percent + "% (" + mb(e.loaded) + " van " + mb(e.total) + ")";
        }
      });
      xhr.upload.addEventListener("load", function () {
        bar.removeAttribute("value"); // indeterminate while the server reads the file
        bar.textContent = "";
        status.textContent = "Bestand ontvangen. Het voorbeeld en de proefimport worden gemaakt; " +
          "bij een groot bestand duurt dat even…";
      });
      xhr.addEventListener("load", function () {
        if (xhr.responseURL && pathOf(xhr.responseURL) !== pathOf(form.action || window.location.href)) {
          window.location.assign(xhr.responseURL); // the preview page
          return;
        }
        replacePage(xhr.responseText);
      });
      xhr.addEventListener("error", function () {
        showError("De verbinding is verbroken tijdens het uploaden van " + file.name +
          ". Er is niets opgeslagen; probeer het opnieuw.");
      });
      xhr.send(new FormData(form));
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    init(document);
  });
})();
