/*
 * Kijun site script (every page, no dependencies): make wide tables reachable by keyboard.
 * Material wraps tables in a horizontally scrolling box; when a table is wider than the page, the box gets a
 * tab stop and a name, so keyboard users can scroll it (WCAG 2.1.1).
 */
(function () {
  "use strict";

  function label() {
    return document.documentElement.lang === "ja" ? "表（横にスクロールできます）" : "Table (scrolls sideways)";
  }

  function markScrollableTables() {
    document.querySelectorAll(".md-typeset__scrollwrap").forEach(function (box) {
      if (box.scrollWidth > box.clientWidth + 1 && !box.hasAttribute("tabindex")) {
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
        box.setAttribute("aria-label", label());
      }
    });
  }

  window.addEventListener("load", markScrollableTables);
  window.addEventListener("resize", markScrollableTables);
})();
