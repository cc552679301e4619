/* Visits on a bad connection: every visit form gets a key of its own (the server records a visit
   with the same key once), and a form submitted while offline is kept in localStorage, shown as
   "not yet sent" and sent again when the connection returns (also after a reload). */
(function () {
  "use strict";
  var KEY = "wijkkompas.veldwerk.wachtrij";
  function load() { try { return JSON.parse(localStorage.getItem(KEY) || "[]"); } catch (e) { return []; } }
  function save(items) { localStorage.setItem(KEY, JSON.stringify(items)); show(items); }
  function newKey() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    return String(Date.now()) + Math.random().toString(16).slice(2);
  }
  function show(items) {
    var box = document.getElementById("fw-queue");
    if (!box) return;
    box.hidden = items.length === 0;
    box.textContent = items.length === 1 ? "1 bezoek is nog niet verzonden." : items.length + " bezoeken zijn nog niet verzonden.";
  }
  function flush() {
    var items = load();
    if (!items.length || !navigator.onLine) { show(items); return; }
    var item = items[0];
    fetch(item.action, { method: "POST", body: new URLSearchParams(item.body), credentials: "same-origin" })
      .then(function (r) { if (r.ok || r.redirected) { save(load().filter(function (i) { return i.key !== item.key; })); flush(); } })
      .catch(function () { show(load()); });
  }
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.hasAttribute("data-fw-queue")) return;
    var field = form.querySelector("input[name=client_key]");
    if (field && !field.value) field.value = newKey();
    if (navigator.onLine) return;
    event.preventDefault();
    var body = Array.from(new FormData(form).entries());
    var submitter = event.submitter;
    if (submitter && submitter.name) body.push([submitter.name, submitter.value]);
    var items = load();
    items.push({ key: field ? field.value : newKey(), action: form.action || location.href, body: body });
    save(items);
    if (!document.getElementById("fw-queue")) {
      var note = document.createElement("p");
      note.id = "fw-queue"; note.className = "fw-queue"; note.setAttribute("aria-live", "polite");
      form.parentNode.insertBefore(note, form);
    }
    show(load());
  });
  window.addEventListener("online", flush);
  document.addEventListener("DOMContentLoaded", flush);
})();
