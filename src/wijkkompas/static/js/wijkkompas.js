// Progressive enhancement only: every page and form also works without JavaScript.
document.addEventListener("htmx:responseError", function (event) {
  var box = document.querySelector("[data-htmx-error]");
  if (box) { box.textContent = "Er ging iets mis bij het opslaan (" + event.detail.xhr.status + "). Uw invoer staat er nog."; }
});

// The main menu collapses behind a "Menu" button on small screens (CSS decides when); without
// JavaScript the menu simply stays open.
(function () {
  var button = document.querySelector("[data-menu-toggle]");
  var menu = document.querySelector("[data-menu]");
  if (!button || !menu) { return; }
  button.hidden = false;
  menu.classList.add("is-collapsible");
  button.addEventListener("click", function () {
    var open = button.getAttribute("aria-expanded") !== "true";
    button.setAttribute("aria-expanded", open ? "true" : "false");
    menu.classList.toggle("is-open", open);
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && menu.classList.contains("is-open")) {
      menu.classList.remove("is-open");
      button.setAttribute("aria-expanded", "false");
      button.focus();
    }
  });
})();

// Fields that only matter for one choice carry data-show-when="other-field=value1,value2" (on the
// input, or on any other element such as a help text). Their .field box hides for other choices
// and its inputs are disabled, so the browser neither asks for nor sends them; the server
// validates the combination either way, and without JavaScript every field stays visible.
(function () {
  function control(form, name) {
    for (var i = 0; i < form.elements.length; i++) {
      var el = form.elements[i];
      if (el.name === name || el.name.slice(-name.length - 1) === "-" + name) {
        return form.elements[el.name];
      }
    }
    return null;
  }
  function currentValue(ctl) {
    if (ctl.type === "checkbox") { return ctl.checked ? "on" : ""; }
    return ctl.value || "";
  }
  function update(form) {
    form.querySelectorAll("[data-show-when]").forEach(function (el) {
      var rule = el.getAttribute("data-show-when").split("=");
      var ctl = control(form, rule[0]);
      if (!ctl) { return; }
      var show = rule[1].split(",").indexOf(currentValue(ctl)) !== -1;
      var box = el.matches("input, select, textarea") ? (el.closest(".field") || el) : el;
      box.hidden = !show;
      box.querySelectorAll("input, select, textarea").forEach(function (input) { input.disabled = !show; });
      if (box.matches("input, select, textarea")) { box.disabled = !show; }
    });
  }
  document.querySelectorAll("form").forEach(function (form) {
    if (!form.querySelector("[data-show-when]")) { return; }
    update(form);
    form.addEventListener("change", function () { update(form); });
  });
})();

// A box that scrolls sideways (a wide table, the barrier board) must be reachable by keyboard:
// when it really overflows and is not focusable yet, it becomes a named, focusable region.
(function () {
  function label(box) {
    var caption = box.querySelector("caption");
    var text = caption ? caption.textContent.trim() : "";
    return (text ? text.slice(0, 80) + " — " : "") + "horizontaal scrollbaar";
  }
  function mark() {
    document.querySelectorAll("main *").forEach(function (box) {
      if (box.hasAttribute("tabindex") || box.matches("table, tr, td, th, thead, tbody")) { return; }
      var style = getComputedStyle(box).overflowX;
      if ((style === "auto" || style === "scroll") && box.scrollWidth > box.clientWidth + 1) {
        box.setAttribute("tabindex", "0");
        if (!box.hasAttribute("role")) { box.setAttribute("role", "region"); }
        if (!box.hasAttribute("aria-label") && !box.hasAttribute("aria-labelledby")) {
          box.setAttribute("aria-label", label(box));
        }
      }
    });
  }
  var timer = null;
  mark();
  window.addEventListener("resize", function () { clearTimeout(timer); timer = setTimeout(mark, 200); });
})();
