/* Klynge: the little script every page loads (no inline scripts: the Content-Security-Policy forbids
   them). Loaded in <head> without defer, so the "js" class is on <html> before the page is drawn and
   the phone menu starts closed. */
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  // <select data-submit-on-change> sends its form when the choice changes (the cluster switcher).
  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target instanceof HTMLSelectElement && target.hasAttribute("data-submit-on-change")) {
      target.form.requestSubmit();
    }
  });

  // "/" focuses the search box in the header (not while typing in a field).
  document.addEventListener("keydown", function (event) {
    if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) return;
    var target = event.target;
    if (target instanceof HTMLElement &&
        (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) return;
    var box = document.querySelector("[data-search-shortcut]");
    if (!box) return;
    event.preventDefault();
    var menu = box.closest(".site-menu");
    var toggle = document.querySelector(".nav-toggle");
    if (menu && toggle && getComputedStyle(toggle).display !== "none" && !menu.classList.contains("open")) {
      toggle.click();  // on a phone the box sits in the closed menu
    }
    box.focus();
  });

  function ready() {
    // Phone menu: the "Menu" button opens and closes the main navigation and header tools.
    document.querySelectorAll(".nav-toggle").forEach(function (button) {
      var menu = document.getElementById(button.getAttribute("aria-controls"));
      if (!menu) return;
      button.addEventListener("click", function () {
        var open = button.getAttribute("aria-expanded") !== "true";
        button.setAttribute("aria-expanded", open ? "true" : "false");
        menu.classList.toggle("open", open);
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
})();
