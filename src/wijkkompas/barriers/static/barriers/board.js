// Keep keyboard focus where the user works after HTMX swaps: on the pressed control (or the one
// the server names in data-focus) when the board is replaced, on the first field of a form that
// was swapped in, so a workshop can be run from the keyboard.
(function () {
  var lastFocus = null;
  document.addEventListener("htmx:beforeRequest", function () {
    var el = document.activeElement;
    lastFocus = el && el.id ? el.id : null;
  });
  document.addEventListener("htmx:afterSettle", function (event) {
    var targetId = event.detail.target && event.detail.target.id;
    var el = null;
    if (targetId === "board") {
      var board = document.getElementById("board");
      var wanted = board ? board.getAttribute("data-focus") : null;
      el = (board && board.querySelector("[aria-invalid=true]")) ||
        (wanted && document.getElementById(wanted)) || (lastFocus && document.getElementById(lastFocus));
      if (!el && lastFocus && lastFocus.indexOf("mv-") === 0) {
        // the arrow the user pressed is gone (first/last position): stay on that element
        el = document.getElementById("edit-" + lastFocus.split("-")[1]);
      }
    } else if (targetId) {
      var scope = document.getElementById(targetId);
      el = scope ? scope.querySelector("[aria-invalid=true], .has-error input, input:not([type=hidden]), select, textarea") : null;
    }
    if (el) { el.focus(); }
  });
})();
