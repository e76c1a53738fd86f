/*
 * Kijun site script (every page, no dependencies).
 *  - Wide tables reachable by keyboard: Material wraps tables in a horizontally scrolling box; when a table is
 *    wider than the page, the box gets a tab stop and a name, so keyboard users can scroll it (WCAG 2.1.1).
 *  - Glossary definitions: each term is an <abbr title> written by the build. A small tooltip shows the definition
 *    on hover and on tap, as text (textContent), so a definition is never parsed as HTML. Nothing is set up per
 *    term at load: one delegated listener does the work when a reader points at a term. (Material's own tooltips
 *    mount a component per element at load, which cost about a second of LCP on a policy page.)
 *  - A search that finds nothing offers somewhere to go: the text and links come from the page data
 *    (`kijun_search` in Material's configuration, written by hooks/search.py), shown under the empty result.
 *  - Changed since you last read it: the browser keeps (local storage only, per language) the version of each
 *    article this reader last opened; links to articles changed since then, in the navigation and in tables such
 *    as the policy index, get a "changed" mark, and the article itself a notice linking to its change log. The
 *    current versions come from the page data (`kijun_reading`). Nothing leaves the browser.
 *  Every word this script shows comes from the page data, in the page's language.
 */
(function () {
  "use strict";

  /* The name of a scrolling table, in the page's language: from the page data (`kijun_table` in Material's
     configuration, written by hooks/search.py from the interface text), never written here. */
  function label() {
    return configuration().kijun_table || "";
  }

  function markIfScrollable(box) {
    if (box.scrollWidth > box.clientWidth + 1 && !box.hasAttribute("tabindex")) {
      box.setAttribute("tabindex", "0");
      box.setAttribute("role", "region");
      box.setAttribute("aria-label", label());
    }
  }

  /* A ResizeObserver reports each box after the browser has laid it out (and again when the window or the
     font size changes), so measuring it never forces an extra layout while the page is still loading. */
  function watchTables() {
    var boxes = document.querySelectorAll(".md-typeset__scrollwrap");
    if (!boxes.length) return;
    var observer = new ResizeObserver(function (entries) {
      entries.forEach(function (entry) {
        markIfScrollable(entry.target);
      });
    });
    boxes.forEach(function (box) {
      observer.observe(box);
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

  function glossaryTooltips() {
    var tip = null;
    var shownFor = null;

    function definitionOf(term) {
      if (term.hasAttribute("title")) {
        /* The title moves to a data attribute, so the browser's own tooltip does not show it a second time. */
        term.setAttribute("data-kijun-definition", term.getAttribute("title"));
        term.removeAttribute("title");
      }
      return term.getAttribute("data-kijun-definition") || "";
    }

    function hide() {
      if (!tip || !shownFor) return;
      tip.hidden = true;
      shownFor.removeAttribute("aria-describedby");
      shownFor = null;
    }

    function show(term) {
      if (shownFor === term) return;
      if (!tip) {
        tip = document.createElement("div");
        tip.id = "kijun-tooltip";
        tip.className = "kijun-tooltip";
        tip.setAttribute("role", "tooltip");
        tip.hidden = true;
        document.body.appendChild(tip);
      }
      hide();
      tip.textContent = definitionOf(term);
      tip.hidden = false;
      var box = term.getBoundingClientRect();
      var left = Math.min(box.left, document.documentElement.clientWidth - tip.offsetWidth - 8);
      tip.style.left = Math.max(8, left) + window.scrollX + "px";
      tip.style.top = box.bottom + window.scrollY + 6 + "px";
      term.setAttribute("aria-describedby", tip.id);
      shownFor = term;
    }

    function termAt(target) {
      return target instanceof Element ? target.closest("article abbr[title], article abbr[data-kijun-definition]") : null;
    }

    document.addEventListener("mouseover", function (event) {
      var term = termAt(event.target);
      if (term) show(term);
      else if (!(tip && tip.contains(event.target))) hide();  /* the pointer may rest on the tooltip itself */
    });
    document.addEventListener("click", function (event) {
      var term = termAt(event.target);
      if (term && shownFor !== term) show(term);  /* a tap on a touch screen */
      else if (!(tip && tip.contains(event.target))) hide();
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape") hide();
    });
  }

  function readingMarks() {
    var config = configuration();
    var reading = config.kijun_reading;
    if (!reading || !reading.versions) return;
    var key = "kijun.read." + (document.documentElement.lang || "");
    var seen = {};
    try {
      seen = JSON.parse(window.localStorage.getItem(key) || "{}") || {};
    } catch (error) {
      seen = {};
    }
    function articleOf(href) {
      var match = /\/policies\/([a-z0-9-]+)\/(?:index\.html)?$/.exec(new URL(href, window.location.href).pathname);
      return match && Object.prototype.hasOwnProperty.call(reading.versions, match[1]) ? match[1] : null;
    }
    function changed(name) {
      return Boolean(name && seen[name] && seen[name] !== reading.versions[name]);
    }
    var here = articleOf(window.location.href);
    document.querySelectorAll(".md-nav a[href], .md-content table a[href]").forEach(function (link) {
      var name = articleOf(link.getAttribute("href"));
      if (name === here || !changed(name) || link.querySelector(".kijun-changed")) return;
      var mark = document.createElement("span");
      mark.className = "kijun-changed";
      mark.textContent = reading.mark;
      link.appendChild(document.createTextNode(" "));
      link.appendChild(mark);
    });
    if (!here) return;
    var title = document.querySelector(".md-content__inner h1");
    if (changed(here) && title) {
      var notice = document.createElement("div");
      notice.className = "admonition info kijun-changed-notice";
      notice.setAttribute("role", "status");
      var text = document.createElement("p");
      text.textContent = reading.notice.replace("{old}", seen[here]).replace("{new}", reading.versions[here]) + " ";
      var link = document.createElement("a");
      link.href = "#change-log";
      link.textContent = reading.link;
      text.appendChild(link);
      notice.appendChild(text);
      title.insertAdjacentElement("afterend", notice);
    }
    seen[here] = reading.versions[here];
    try {
      window.localStorage.setItem(key, JSON.stringify(seen));
    } catch (error) {
      /* private mode or storage full: the marks simply do not persist */
    }
  }

  window.addEventListener("load", watchTables);
  readingMarks();
  glossaryTooltips();
  watchEmptySearch();
})();
