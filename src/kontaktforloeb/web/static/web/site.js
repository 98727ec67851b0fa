// Start DKFDS components once the page has loaded; htmx re-runs it on swapped content.
document.addEventListener("DOMContentLoaded", function () {
  if (window.DKFDS) { window.DKFDS.init(); }
});
