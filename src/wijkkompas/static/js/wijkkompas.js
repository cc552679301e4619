// Progressive enhancement only: every form also works without JavaScript.
document.addEventListener("htmx:responseError", function (event) {
  var box = document.querySelector("[data-htmx-error]");
  if (box) { box.textContent = "Er ging iets mis bij het opslaan (" + event.detail.xhr.status + "). Uw invoer staat er nog."; }
});
