/*
 * Kijun site script (every page, no dependencies).
 *  - Wide tables reachable by keyboard: Material wraps tables in a horizontally scrolling box; when a table is
 *    wider than the page, the box gets a tab stop and a name, so keyboard users can scroll it (WCAG 2.1.1).
 *  - A search that finds nothing offers somewhere to go: the text and links come from the page data
 *    (`kijun_search` in Material's configuration, written by hooks/search.py), shown under the empty result.
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

  function configuration() {
    var element = document.getElementById("__config");
    try {
      return element ? JSON.parse(element.textContent) : {};
    } catch (error) {
      return {};
    }
  }

  /* The help block: plain text and links built with DOM calls (nothing parsed as HTML). Each link wraps an
     element with a score, as Material's result links do, so its keyboard handling treats them alike. */
  function emptyHelp(config) {
    var help = config.kijun_search;
    var box = document.createElement("div");
    box.className = "kijun-search-empty";
    var text = document.createElement("p");
    text.textContent = help.empty;
    var list = document.createElement("ul");
    var base = String(config.base || ".").replace(/\/?$/, "/");
    help.links.forEach(function (link) {
      var item = document.createElement("li");
      var anchor = document.createElement("a");
      anchor.href = new URL(base + link.path, window.location.href).href;
      var caption = document.createElement("span");
      caption.setAttribute("data-md-score", "0");
      caption.textContent = link.label;
      anchor.appendChild(caption);
      item.appendChild(anchor);
      list.appendChild(item);
    });
    box.appendChild(text);
    box.appendChild(list);
    return box;
  }

  function watchEmptySearch() {
    var config = configuration();
    var meta = document.querySelector(".md-search-result__meta");
    if (!meta || !config.kijun_search || !config.translations) return;
    var none = config.translations["search.result.none"];
    var help = null;
    new MutationObserver(function () {
      var empty = meta.textContent.trim() === none;
      if (empty && !help) {
        help = emptyHelp(config);
        meta.insertAdjacentElement("afterend", help);
      } else if (!empty && help) {
        help.remove();
        help = null;
      }
    }).observe(meta, { childList: true, characterData: true, subtree: true });
  }

  window.addEventListener("load", markScrollableTables);
  window.addEventListener("resize", markScrollableTables);
  watchEmptySearch();
})();
