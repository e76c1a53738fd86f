/*
 * Kijun search worker for Japanese pages: Material's own search worker, with Japanese-aware queries.
 *
 * The page's search runs Material's worker unchanged (loaded below with importScripts); this wrapper only
 *  1. normalises the query (NFKC: full-width ＰＤＦ -> PDF, half-width ｶﾀｶﾅ -> カタカナ), like the index;
 *  2. turns each run of Japanese characters into required one-character terms ("返金の" -> "+返 +金 +の"),
 *     matching the index, which stores Japanese text one character per token (see kijun/search_index.py);
 *  3. ranks results that contain the query as typed before the others: title matches first, then body.
 * The worker's own URL carries the address of Material's worker: kijun-search-worker.js?worker=<path>.
 */
(function () {
  "use strict";

  var QUERY = 2;
  var RESULT = 3;
  var CJK_RUN = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+/g;
  var SEPARATORS = /[\s\u3000、。，．・「」『』（）［］【】！？：；…〜～"'()[\]{}.,:;!?\/|-]+/g;
  var lastPhrase = "";

  function normalise(text) {
    return String(text || "").normalize("NFKC").toLowerCase();
  }

  /* Text reduced for phrase comparison: normalised, without markup (Material marks the matched terms),
     spaces and punctuation. */
  function phraseOf(text) {
    return normalise(String(text || "").replace(/<[^>]*>/g, "")).replace(SEPARATORS, "");
  }

  function transformQuery(query) {
    var text = normalise(query);
    if (!CJK_RUN.test(text)) return text;
    CJK_RUN.lastIndex = 0;
    return text
      .replace(CJK_RUN, function (run) {
        return " " + Array.from(run).map(function (ch) { return "+" + ch; }).join(" ") + " ";
      })
      .replace(/\s+/g, " ")
      .trim();
  }

  function rank(group) {
    var main = group[0] || {};
    var title = phraseOf(main.title);
    if (lastPhrase && title.indexOf(lastPhrase) !== -1) return 0;
    var body = group.some(function (doc) { return phraseOf(doc.title).indexOf(lastPhrase) !== -1 || phraseOf(doc.text).indexOf(lastPhrase) !== -1; });
    return body ? 1 : 2;
  }

  addEventListener("message", function (event) {
    var message = event.data;
    if (message && message.type === QUERY && typeof message.data === "string") {
      lastPhrase = phraseOf(message.data);
      message.data = transformQuery(message.data);
    }
  });

  var post = self.postMessage.bind(self);
  self.postMessage = function (message) {
    if (message && message.type === RESULT && message.data && Array.isArray(message.data.items) && lastPhrase) {
      message.data.items = message.data.items
        .map(function (group, index) { return { group: group, rank: rank(group), index: index }; })
        .sort(function (a, b) { return a.rank - b.rank || a.index - b.index; })
        .map(function (entry) { return entry.group; });
    }
    post(message);
  };

  var worker = new URL(self.location.href).searchParams.get("worker");
  importScripts(new URL(worker, self.location.href).href);
})();
