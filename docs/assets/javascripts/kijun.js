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
 *    as the policy index, get a "changed" mark. The current versions come from the page data (`kijun_reading`).
 *    The article's own notice is in the page, shown before the first paint by a few lines beside it
 *    (kijun/reading_notices.py), which read what this script writes here. Nothing leaves the browser.
 *  - The outbox (window.kijunOutbox): what a page sends to the collector (quiz answers, read confirmations) is
 *    queued in local storage first and delivered in order, retried with a growing, jittered delay, at once when the
 *    browser comes back online or the tab is shown again, and from whichever page of the site is open next. The
 *    collector drops resends by id, so a retry after a lost reply is safe. Each item names the storage key where
 *    its outcome (delivered, or refused with the collector's code) is kept, so a reload still shows it.
 *  - Read confirmations: an article that asks agents to confirm a version carries a hidden form (rendered at
 *    build time); it is shown until this browser has confirmed that version, and the confirmation goes out
 *    through the outbox.
 *  - What reading misses (only with a collector; the search part only where the site turns it on): a search that
 *    ends (the search closed, or the page left) without a result opened is reported with its query redacted here
 *    first, by the rules in the page data (`kijun_gaps`, from kijun/contracts.py), the number of results, and a
 *    random id this browser keeps for one day; nothing is sent for a search that led to a page. At the end of an
 *    article or guide, "Was this page clear?" (rendered at build time, hidden until shown here) sends a vote, and
 *    for "unclear" the section and a comment, redacted the same way.
 *  Every word this script shows comes from the page, in the page's language.
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
    /* The notice itself is in the page (hidden), and shown before the first paint by the script beside it. */
    seen[here] = reading.versions[here];
    try {
      window.localStorage.setItem(key, JSON.stringify(seen));
    } catch (error) {
      /* private mode or storage full: the marks simply do not persist */
    }
  }

  /* ---- The outbox: queued, retried delivery to the collector ---------------------------------------- */

  var OUTBOX_KEY = "kijun.outbox";
  var RETRY_MIN_MS = 1000; // retries back off from 1 s to 30 s, with jitter
  var RETRY_MAX_MS = 30000;
  var POST_TIMEOUT_MS = 15000;

  function readJson(key, fallback) {
    try {
      var value = window.localStorage.getItem(key);
      return value ? JSON.parse(value) : fallback;
    } catch (error) {
      return fallback;
    }
  }

  function writeJson(key, value) {
    try {
      window.localStorage.setItem(key, JSON.stringify(value));
      return true;
    } catch (error) {
      return false;
    }
  }

  /* Resolves {} when delivered, or the collector's refusal ({error, message}: a 4xx with a JSON reason, which
   * sending again cannot change). Rejects when a later try may work: network, timeout, 408, 429, 5xx, or a proxy's
   * own page (an SSO login, say). */
  function post(item) {
    var abort = new AbortController();
    var timer = setTimeout(function () { abort.abort(); }, POST_TIMEOUT_MS);
    return fetch(item.endpoint, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(item.payload),
      signal: abort.signal,
    }).then(function (response) {
      clearTimeout(timer);
      if (response.ok) return {};
      return response.json().catch(function () { return {}; }).then(function (body) {
        var status = response.status;
        if (status < 500 && status !== 408 && status !== 429 && body && body.error) return body;
        var error = new Error("HTTP " + status);
        error.wait = Number(response.headers.get("Retry-After")) * 1000 || 0;
        throw error;
      });
    }, function (error) {
      clearTimeout(timer);
      throw error;
    });
  }

  function createOutbox() {
    var listeners = [];
    var flushing = false;
    var delay = RETRY_MIN_MS;
    var timer = null;

    function items() { return readJson(OUTBOX_KEY, []); }
    function newId() {
      if (window.crypto && window.crypto.randomUUID) return window.crypto.randomUUID();
      return "s-" + Date.now().toString(36) + "-" + Math.random().toString(36).slice(2);
    }
    function remove(id) {
      writeJson(OUTBOX_KEY, items().filter(function (item) { return item.id !== id; }));
    }
    function changed() {
      listeners.forEach(function (listener) { listener(); });
    }
    /* Items queued before outcomes had their own key were quiz answers, kept per quiz. */
    function outcomeKey(item) {
      return item.outcomeKey || "kijun.delivery." + item.payload.quiz_id;
    }

    /* Send what is queued, oldest first, skipping an endpoint once it failed. Resolves the wait a server asked for. */
    function flush() {
      if (flushing) return Promise.resolve(null);
      flushing = true;
      var down = {};
      var wait = 0;
      return items().reduce(function (chain, item) {
        return chain.then(function () {
          if (down[item.endpoint]) return null;
          return post(item).then(function (refusal) {
            remove(item.id);
            writeJson(outcomeKey(item), refusal.error ? { state: "refused", code: refusal.error } : { state: "delivered", at: new Date().toISOString() });
            changed();
          }, function (error) {
            down[item.endpoint] = true;
            wait = Math.max(wait, error.wait || 0);
          });
        });
      }, Promise.resolve()).then(function () {
        flushing = false;
        return wait;
      });
    }

    function drain() {
      clearTimeout(timer);
      flush().then(function (wait) {
        if (wait === null) return; // another flush is running and will schedule the next one
        changed();
        if (!items().length) {
          delay = RETRY_MIN_MS;
          return;
        }
        clearTimeout(timer);
        timer = setTimeout(drain, Math.max(wait, delay * (0.5 + Math.random() / 2)));
        delay = Math.min(delay * 2, RETRY_MAX_MS);
      });
    }

    return {
      items: items,
      subscribe: function (listener) { listeners.push(listener); },
      outcome: function (key) { return readJson(key, {}); },
      queued: function (key) {
        return items().some(function (item) { return outcomeKey(item) === key; });
      },
      uuid: newId,
      /* Queue first: if the page is closed mid-request, the item is still on its way next time. */
      send: function (endpoint, payload, key) {
        /* The payload's own id where it has one (a resend of the same answers replaces nothing); else a new one:
           an item without an id would be removed with any other item when one of them is delivered. */
        var id = payload.submission_id || payload.confirmation_id || payload.feedback_id || payload.event_id ||
          newId();
        var queue = items();
        queue.push({ id: id, endpoint: endpoint, payload: payload, outcomeKey: key, queuedAt: Date.now() });
        writeJson(OUTBOX_KEY, queue);
        drain();
      },
      drain: drain,
    };
  }

  /* ---- Read confirmations ------------------------------------------------------------------------------ */

  function readConfirmation(outbox) {
    var form = document.querySelector("form[data-kijun-confirm]");
    if (!form) return;
    var notice = document.querySelector("[data-kijun-confirm-notice]");
    var status = form.querySelector("[data-kijun-confirm-status]");
    var input = form.querySelector("input");
    var button = form.querySelector("button");
    var data = form.dataset;
    var key = "kijun.confirmed." + data.policy + "@" + data.version;

    function show() {
      var outcome = outbox.outcome(key);
      var state = outbox.queued(key) ? "queued" : outcome.state || "";
      form.setAttribute("data-kijun-delivery", state);
      if (state === "delivered" && !form.hidden && status.textContent) {
        status.textContent = data.textSent;  /* confirmed on this visit: say so, then nothing more to ask */
        button.disabled = true;
        input.disabled = true;
        if (notice) notice.hidden = true;
        return;
      }
      var waiting = state !== "delivered";
      form.hidden = !waiting;
      if (notice) notice.hidden = !waiting;
      button.disabled = state === "queued";
      status.textContent = state === "queued" ? data.textQueued
        : state === "refused" ? data.textRefused.replace("{code}", outcome.code || "") : "";
    }

    input.value = readJson("kijun.agent", "") || "";
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var agent = input.value.trim();
      if (!agent) {
        status.textContent = data.textName;
        input.focus();
        return;
      }
      writeJson("kijun.agent", agent);
      status.textContent = data.textSending;
      outbox.send(data.endpoint, {
        format: data.format,
        confirmation_id: outbox.uuid(),
        policy_id: data.policy,
        version: data.version,
        language: document.documentElement.lang,
        agent: agent,
        confirmed_at: new Date().toISOString(),
      }, key);
      show();
    });
    outbox.subscribe(show);
    show();
  }

  /* ---- What reading misses: search gaps and "was this clear?" ------------------------------------------ */

  /* The page data's redaction rules, applied after NFKC normalisation; spaces collapsed, cut to `limit`. */
  function redactor(rules) {
    var compiled;
    try {
      compiled = (rules || []).map(function (rule) {
        return { pattern: new RegExp(rule.source, "g" + rule.flags), mask: rule.mask };
      });
    } catch (error) {
      /* A browser that cannot run a rule cannot redact: nothing typed leaves the page, and the rest still works. */
      return function () { return ""; };
    }
    return function (text, limit) {
      /* As kijun/redaction.py does first: invisible format characters dropped, every kind of space a plain one. */
      var clean = String(text || "").normalize("NFKC").replace(/\p{Cf}/gu, "").replace(/[\s\x1c-\x1f\x85]/g, " ");
      compiled.forEach(function (rule) { clean = clean.replace(rule.pattern, rule.mask); });
      clean = clean.split(/\s+/).filter(Boolean).join(" ");
      return Array.from(clean).slice(0, limit).join("");
    };
  }

  /* A random id for this browser that changes every day: enough to count distinct readers, not to follow one. */
  function readerId(outbox) {
    var today = new Date().toISOString().slice(0, 10);
    var kept = readJson("kijun.reader", {});
    if (kept.day !== today || !kept.id) {
      kept = { day: today, id: outbox.uuid().replace(/[^A-Za-z0-9_-]/g, "") };
      writeJson("kijun.reader", kept);
    }
    return kept.id;
  }

  function watchSearchGaps(outbox) {
    var gaps = configuration().kijun_gaps;
    var input = document.querySelector("[data-md-component=search-query]");
    var toggle = document.querySelector("[data-md-toggle=search]");
    var list = document.querySelector(".md-search-result__list");
    if (!gaps || !input || !toggle || !list) return;
    var redact = redactor(gaps.redactions);
    var opened = false;
    var reported = null;  /* the query last reported: reopening the search on it, or coming back, is not a new one */

    function finish() {
      var query = redact(input.value, gaps.maxLength);
      var results = list.querySelectorAll(".md-search-result__item").length;
      if (query.length >= 2 && !opened && query !== reported) {
        reported = query;
        outbox.send(gaps.endpoint, {
          format: gaps.format,
          event_id: outbox.uuid(),
          language: document.documentElement.lang,
          query: query,
          results: results,
          browser: readerId(outbox),
        }, "kijun.delivery.gaps");
      }
      opened = false;
    }
    list.addEventListener("click", function (event) {
      if (event.target instanceof Element && event.target.closest("a")) opened = true;
    }, true);
    input.addEventListener("input", function () { opened = false; reported = null; });
    toggle.addEventListener("change", function () {
      if (!toggle.checked && input.value.trim()) finish();
    });
    window.addEventListener("pagehide", function () {
      if (toggle.checked && input.value.trim()) finish();
    });
  }

  function wasThisClear(outbox) {
    var form = document.querySelector("form[data-kijun-feedback-form]");
    if (!form) return;
    var data = form.dataset;
    var key = "kijun.voted." + data.page + "@" + data.version;
    if (readJson(key, null)) return;  /* this browser has voted on this version: do not ask again */
    var redact = redactor(JSON.parse(data.redactions || "[]"));
    var more = form.querySelector("[data-kijun-feedback-more]");
    var status = form.querySelector("[data-kijun-feedback-status]");

    function send(vote, section, comment) {
      outbox.send(data.endpoint, {
        format: data.format,
        feedback_id: outbox.uuid(),
        page: data.page,
        version: data.version || null,
        language: document.documentElement.lang,
        vote: vote,
        section: section || null,
        comment: comment ? redact(comment, Number(data.commentMax)) || null : null,
        browser: readerId(outbox),
      }, key);
      writeJson(key, { vote: vote });
      form.querySelector("fieldset").disabled = true;
      more.hidden = true;
      status.textContent = data.textThanks;
      outbox.subscribe(function () {
        status.textContent = outbox.queued(key) ? data.textQueued : data.textThanks;
      });
    }
    form.querySelectorAll("[data-kijun-feedback-vote]").forEach(function (button) {
      button.addEventListener("click", function () {
        var vote = button.getAttribute("data-kijun-feedback-vote");
        if (vote === "unclear") {
          more.hidden = false;
          form.querySelector("select").focus();
        } else {
          send(vote);
        }
      });
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      send("unclear", form.querySelector("select").value, form.querySelector("textarea").value);
    });
    form.hidden = false;
  }

  var outbox = createOutbox();
  window.kijunOutbox = outbox;
  window.kijunStorage = { read: readJson, write: writeJson }; // for the quiz runtime: one way to use storage
  window.addEventListener("online", outbox.drain);
  document.addEventListener("visibilitychange", function () {
    if (!document.hidden) outbox.drain();
  });
  outbox.drain();

  window.addEventListener("load", watchTables);
  readingMarks();
  readConfirmation(outbox);
  wasThisClear(outbox);
  watchSearchGaps(outbox);
  window.kijunRedact = function (text) {  /* for tests: the page's redaction, as the collector receives it */
    var gaps = configuration().kijun_gaps || {};
    return redactor(gaps.redactions)(text, gaps.maxLength || 100);
  };
  glossaryTooltips();
  watchEmptySearch();
})();
