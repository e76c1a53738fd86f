/*
 * Kijun search worker: Material's own search worker (lunr), run inside this wrapper.
 *
 * The wrapper applies the search settings each language's index carries in `config.kijun` (written by
 * kijun/search/settings.py), so pages and queries are always treated alike:
 *  - segmentation "bigram": runs of CJK characters are cut into overlapping character bigrams, in the pages as
 *    the index is built and in every query. A query then matches pages that share most of its bigrams, so one
 *    word the page does not use no longer empties the result list;
 *  - queries are NFKC-normalised like the index (full-width ＰＤＦ -> pdf, half-width ｶﾀｶﾅ -> カタカナ);
 *  - results are re-ranked: pages holding the query as typed first (title, then text), then by how much of the
 *    query the page covers, then by lunr's score;
 *  - matches are highlighted as phrases (the longest stretch of the query found in the text), not token by token.
 * The worker's own URL carries the address of Material's worker: kijun-search-worker.js?worker=<path>.
 */
(function () {
  "use strict";

  var SETUP = 0;
  var QUERY = 2;
  var RESULT = 3;
  // Bigram tokens are written as MARK + four base-36 digits per character. NFKC turns MARK (ⅰ) into "i", so no
  // normalised text contains it, and the tokens hold no Han characters for Material's own query segmenter.
  var MARK = "\u2170";
  var SHOWN = 10; // result groups Material renders at once; the rest appear as the reader scrolls
  var MATCHES = 200; // index entries (pages and sections) ranked and shown at most
  var SEPARATORS = /[\s\u3000、。，．・「」『』（）［］【】〈〉《》！？：；…〜～"'()[\]{}.,:;!?\/|\\-]+/g;

  var settings = { segmentation: null, cjk: null };
  var cjkRun = null; // RegExp of a run of CJK characters, from the index's settings
  var current = null; // the query being answered: { phrase, units, runs, words }

  function normalise(text) {
    return String(text || "").normalize("NFKC").toLowerCase();
  }

  function code(ch) {
    return ("0000" + ch.codePointAt(0).toString(36)).slice(-4);
  }

  /* Cut a token into pieces: Latin/digit stretches stay whole, CJK runs become bigrams (a lone character stays
     a unigram). Each piece keeps the offset and length of the text it stands for, for highlighting; bigram
     stretches tile the run (1 character each, the last 2) so Material's marks never overlap. */
  function pieces(text) {
    var parts = [];
    var last = 0;
    cjkRun.lastIndex = 0;
    for (var match; (match = cjkRun.exec(text)); ) {
      if (match.index > last) parts.push({ str: text.slice(last, match.index), offset: last, length: match.index - last });
      var chars = Array.from(match[0]);
      var offset = match.index;
      if (chars.length === 1) {
        parts.push({ str: MARK + code(chars[0]), offset: offset, length: chars[0].length });
      }
      for (var k = 0; k + 1 < chars.length; k++) {
        var lastPair = k + 2 === chars.length;
        var length = chars[k].length + (lastPair ? chars[k + 1].length : 0);
        parts.push({ str: MARK + code(chars[k]) + code(chars[k + 1]), offset: offset, length: length });
        offset += chars[k].length;
      }
      last = match.index + match[0].length;
    }
    if (last < text.length) parts.push({ str: text.slice(last), offset: last, length: text.length - last });
    return parts;
  }

  /* Replace the tokens of Material's tokenizer with their pieces, keeping Material's position table (which the
     result highlighting reads) consistent: entry = start << 12 | length << 2 | type, position = block << 20 | entry. */
  function segmentTokens(tokens, lunr) {
    var table = lunr.tokenizer.table;
    var byBlock = new Map();
    tokens.forEach(function (token) {
      var block = token.metadata.position >>> 20;
      if (!byBlock.has(block)) byBlock.set(block, new Map());
      byBlock.get(block).set(token.metadata.position & 0xfffff, token);
    });
    var result = [];
    byBlock.forEach(function (tokenAt, block) {
      var rebuilt = [];
      table[block].forEach(function (entry, index) {
        var token = tokenAt.get(index);
        if (!token) return rebuilt.push(entry);
        var start = entry >>> 12;
        var length = (entry >>> 2) & 0x3ff;
        var parts = token.str.length === length ? pieces(token.str) : [{ str: token.str, offset: 0, length: length }];
        parts.forEach(function (part) {
          rebuilt.push(((start + part.offset) << 12) | (part.length << 2) | (entry & 3));
          result.push(new lunr.Token(part.str, { position: (block << 20) | (rebuilt.length - 1) }));
        });
      });
      table[block] = rebuilt;
    });
    return result;
  }

  /* Material post-processes every match (highlighting, term analysis) before anything is shown; on a large
     handbook a two-word query matches most entries. Only the best MATCHES reach that step and the ranking. */
  function limitMatches(lunr) {
    var search = lunr.Index.prototype.search;
    lunr.Index.prototype.search = function (query) {
      return search.call(this, query).slice(0, MATCHES);
    };
  }

  /* Material sets its tokenizer on each index builder; wrap whatever it sets with the segmentation. */
  function installTokenizer(lunr) {
    Object.defineProperty(lunr.Builder.prototype, "tokenizer", {
      configurable: true,
      get: function () {
        var base = this._kijunTokenizer;
        return function (input, metadata) {
          var tokens = base(input, metadata);
          return settings.segmentation === "bigram" ? segmentTokens(tokens, lunr) : tokens;
        };
      },
      set: function (tokenizer) {
        this._kijunTokenizer = tokenizer;
      },
    });
  }

  /* What a query asks for: its CJK runs, its other words, and its bigram units (for coverage). */
  function analyse(query) {
    var text = normalise(query);
    var info = { phrase: text.replace(SEPARATORS, ""), runs: [], words: [], units: [], lunr: text };
    if (!settings.segmentation) {
      // Stems, because the index holds stems and Material's trailing wildcard switches lunr's stemmer off for
      // the query ("hacking*" would miss "hack"); stop words dropped, because "a*" would match everything.
      info.units = text.split(SEPARATORS).filter(Boolean).filter(meaningful).map(stem);
      info.words = info.units;
      info.lunr = info.units.join(" ") || text;
      info.tests = info.units.map(matcher);
      return info;
    }
    var terms = [];
    text.split(SEPARATORS).filter(Boolean).forEach(function (word) {
      pieces(word).forEach(function (part) {
        var source = word.substr(part.offset, Math.max(part.length, 1));
        if (part.str.charAt(0) !== MARK) {
          if (!meaningful(part.str)) return;
          info.words.push(part.str);
          info.units.push(part.str);
          terms.push(part.str);
        } else if (part.str.length === 5) {
          // A lone character: the tokens starting with it (Material adds the trailing wildcard). A leading
          // wildcard as well would also find it in second place, at ten times the cost on a large handbook.
          info.units.push(source);
          terms.push(part.str);
        } else {
          terms.push(part.str);
        }
      });
      cjkRun.lastIndex = 0;
      (word.match(cjkRun) || []).forEach(function (run) {
        info.runs.push(run);
        var chars = Array.from(run);
        for (var k = 0; k + 1 < chars.length; k++) info.units.push(chars[k] + chars[k + 1]);
      });
    });
    info.lunr = terms.join(" ");
    info.tests = info.units.map(matcher);
    return info;
  }

  function meaningful(word) {
    var lunr = self.lunr;
    return !(lunr && lunr.stopWordFilter) || Boolean(lunr.stopWordFilter(new lunr.Token(word)));
  }

  /* The word's stem (lunr's English stemmer), so "insults" counts as covered by "insulting". */
  function stem(word) {
    var lunr = self.lunr;
    return lunr && lunr.stemmer ? lunr.stemmer(new lunr.Token(word)).toString() : word;
  }

  function plain(html) {
    return normalise(String(html || "").replace(/<[^>]*>/g, " ").replace(/&amp;/g, "&"));
  }

  function escapeRegExp(text) {
    return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  }

  /* A test per query unit: CJK bigrams (or a lone character) anywhere, other words at the start of a word. */
  function matcher(unit) {
    if (cjkRun && ((cjkRun.lastIndex = 0), cjkRun.test(unit))) {
      return function (text) { return text.indexOf(unit) !== -1; };
    }
    var pattern = new RegExp("(^|[^a-z0-9])" + escapeRegExp(unit));
    return function (text) { return pattern.test(text); };
  }

  /* Normalised plain text of an index entry (title, text, keywords), computed once per entry. */
  var plainTexts = new Map();
  function plainText(doc) {
    var text = plainTexts.get(doc.location);
    if (text === undefined) {
      text = plain(doc.title) + "\n" + plain(doc.text) + "\n" + normalise(doc.keywords || "");
      plainTexts.set(doc.location, text);
    }
    return text;
  }

  /* The same without spaces and punctuation, for finding the query as typed. */
  var phraseTexts = new Map();
  function phraseText(doc) {
    var text = phraseTexts.get(doc.location);
    if (text === undefined) {
      text = plainText(doc).replace(SEPARATORS, "");
      phraseTexts.set(doc.location, text);
    }
    return text;
  }

  /* Ranges [start, end) of `text` to mark: the longest stretches of each CJK run of the query (two characters or
     more, or the lone character of a one-character run), and words starting with a query word. */
  function ranges(text) {
    var lower = normalise(text);
    var found = [];
    if (lower.length !== text.length) return found; // normalising changed offsets: do not guess
    current.runs.forEach(function (run) {
      var min = Math.min(2, run.length);
      for (var i = 0; i < lower.length; ) {
        var best = 0;
        for (var length = min; i + length <= lower.length && run.indexOf(lower.substr(i, length)) !== -1; length++) best = length;
        if (best) {
          found.push([i, i + best]);
          i += best;
        } else i++;
      }
    });
    current.words.forEach(function (word) {
      // A word starting with the query word (or its stem): "insult" marks "insulting" whole.
      var pattern = new RegExp("(^|[^a-z0-9])(" + escapeRegExp(word) + "[a-z0-9]*)", "g");
      for (var match; (match = pattern.exec(lower)); ) {
        var start = match.index + match[1].length;
        found.push([start, start + match[2].length]);
      }
    });
    found.sort(function (a, b) { return a[0] - b[0] || b[1] - a[1]; });
    var merged = [];
    found.forEach(function (range) {
      var top = merged[merged.length - 1];
      if (top && range[0] <= top[1]) top[1] = Math.max(top[1], range[1]);
      else merged.push(range.slice());
    });
    return merged;
  }

  /* Re-mark an HTML snippet: Material's token marks out, phrase marks in (text only, never inside a tag or an
     entity). Returns the snippet and the stretches marked. */
  function highlight(html, marked) {
    var clean = String(html || "").replace(/<\/?mark>/g, "");
    return clean
      .split(/(<[^>]*>|&[#\w]+;)/)
      .map(function (part, index) {
        if (index % 2 || !part) return part;
        var out = "";
        var cursor = 0;
        ranges(part).forEach(function (range) {
          marked[normalise(part.slice(range[0], range[1]))] = true;
          out += part.slice(cursor, range[0]) + "<mark>" + part.slice(range[0], range[1]) + "</mark>";
          cursor = range[1];
        });
        return out + part.slice(cursor);
      })
      .join("");
  }

  function rank(group) {
    var main = group.find(function (doc) { return doc.location.indexOf("#") === -1; }) || group[0];
    var all = group.map(plainText).join("\n");
    var covered = current.tests.filter(function (test) { return test(all); }).length;
    var phrase = current.phrase.length > 1 ? current.phrase : "";
    var tier = 2;
    if (phrase && plain(main.title).replace(SEPARATORS, "").indexOf(phrase) !== -1) tier = 0;
    else if (phrase && group.some(function (doc) { return phraseText(doc).indexOf(phrase) !== -1; })) tier = 1;
    var score = Math.max.apply(null, group.map(function (doc) { return doc.score; }));
    return { tier: tier, coverage: current.units.length ? covered / current.units.length : 1, score: score };
  }

  function present(group) {
    return group.map(function (doc) {
      var marked = {};
      var item = Object.assign({}, doc, { title: highlight(doc.title, marked), text: highlight(doc.text, marked) });
      delete item.keywords;
      var terms = {};
      Object.keys(marked).forEach(function (stretch) { terms[stretch] = true; });
      current.words.forEach(function (word) {
        if (!Object.keys(marked).some(function (stretch) { return stretch.indexOf(word) === 0; })) terms[word] = false;
      });
      item.terms = terms;
      return item;
    });
  }

  /* Pages holding the query as typed come first (in the title, then anywhere); then lunr's score (BM25 over
     title, text and keywords, times the page weight) scaled by the share of the query the page covers, so a page
     matching every part of the query beats one matching a single frequent part. */
  function compare(a, b) {
    return a.tier - b.tier || b.score * b.coverage - a.score * a.coverage;
  }

  function arrange(items) {
    return items
      .map(function (group) {
        // Material pads a group lacking its page entry with an empty object; it has nothing to show.
        return group.filter(function (doc) { return typeof doc.location === "string"; });
      })
      .filter(function (group) { return group.length > 0; })
      .map(function (group, index) { return { group: group, rank: rank(group), index: index }; })
      .sort(function (a, b) {
        return compare(a.rank, b.rank) || a.index - b.index;
      })
      .map(function (entry, rank) { return rank < SHOWN ? present(entry.group) : unmarked(entry.group); });
  }

  /* Results past the first screen: Material's token marks removed, nothing re-marked (rendered only if the reader
     scrolls that far; marking them all would cost more than the search itself on a large handbook). */
  function unmarked(group) {
    return group.map(function (doc) {
      var item = Object.assign({}, doc, {
        title: String(doc.title || "").replace(/<\/?mark>/g, ""),
        text: String(doc.text || "").replace(/<\/?mark>/g, ""),
        terms: {},
      });
      delete item.keywords;
      return item;
    });
  }

  addEventListener("message", function (event) {
    var message = event.data;
    if (message && message.type === SETUP && message.data && message.data.config) {
      settings = message.data.config.kijun || { segmentation: null, cjk: null };
      cjkRun = settings.cjk ? new RegExp("[" + settings.cjk + "]+", "g") : null;
    }
    if (message && message.type === QUERY && typeof message.data === "string") {
      current = analyse(message.data);
      message.data = current.lunr;
    }
  });

  var post = self.postMessage.bind(self);
  self.postMessage = function (message) {
    if (message && message.type === RESULT && message.data && Array.isArray(message.data.items) && current) {
      message.data.items = arrange(message.data.items);
      if (settings.segmentation) message.data.suggest = [];
    }
    post(message);
  };

  var worker = new URL(self.location.href).searchParams.get("worker");
  importScripts(new URL(worker, self.location.href).href);
  installTokenizer(self.lunr);
  limitMatches(self.lunr);
})();
