// Klynge's only script of its own (no inline scripts: the Content-Security-Policy forbids them).
// <select data-submit-on-change> sends its form when the choice changes (the cluster switcher).
document.addEventListener("change", function (event) {
  var target = event.target;
  if (target instanceof HTMLSelectElement && target.hasAttribute("data-submit-on-change")) {
    target.form.requestSubmit();
  }
});
