// Keep keyboard focus on the control the user pressed after HTMX replaces the board.
(function () {
  var lastFocus = null;
  document.addEventListener("htmx:beforeRequest", function () {
    var el = document.activeElement;
    lastFocus = el && el.id ? el.id : null;
  });
  document.addEventListener("htmx:afterSettle", function (event) {
    var target = event.detail.target;
    var wanted = target && target.getAttribute ? target.getAttribute("data-focus") : null;
    var el = (wanted && document.getElementById(wanted)) || (lastFocus && document.getElementById(lastFocus));
    if (!el && target && target.querySelector) { el = target.querySelector("[autofocus], input:not([type=hidden]), textarea"); }
    if (el) { el.focus(); }
  });
})();
