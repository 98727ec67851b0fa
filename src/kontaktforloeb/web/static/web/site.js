// Start DKFDS components once the page has loaded, and again on content htmx swaps in.
// Accordions are rendered open, so their text is there without JavaScript; the ones marked
// data-kf-collapse start closed once JavaScript runs.
(function () {
  function collapse(root) {
    root.querySelectorAll(".accordion-button[data-kf-collapse]").forEach(function (button) {
      button.setAttribute("aria-expanded", "false");
      button.removeAttribute("data-kf-collapse");
    });
  }
  function start(root) {
    collapse(root);
    if (window.DKFDS) { window.DKFDS.init({ scope: root }); }
  }
  document.addEventListener("DOMContentLoaded", function () { start(document); });
  document.addEventListener("htmx:load", function (event) {
    if (event.target !== document.body) { start(event.target); }
  });
})();
