/*
 * Kijun quiz runtime: plain JavaScript, no dependencies, no network except an optional results endpoint.
 *
 * The page is server-rendered (scenarios, radio groups, buttons); this script adds saving, scoring,
 * feedback and export. Everything it knows about the quiz comes from <script id="kijun-quiz-data">.
 * For an open calibration round that data carries no reference decisions, so none can be shown.
 *
 * Answers are stored in localStorage under the quiz id and the case id (never by position), so a reload,
 * a reordered quiz or an added case never loses or misplaces what a trainee typed. Each answer also keeps the quiz
 * version it was given on: when the quiz has changed since, the answer stays, is marked, and is exported with its
 * own version so the report can tell it apart.
 */
(function () {
  "use strict";

  var STORE_PREFIX = "kijun.quiz.";
  var DELIVERY_PREFIX = "kijun.delivery."; // per quiz: the last delivered or refused submission
  // Sending, queueing and retrying belong to the site script (kijun.js, window.kijunOutbox), which every page
  // loads first: answers queued here are delivered from whichever page the trainee opens next.
  // The export format, CSV columns, confidence levels and certainty-based marking points come from the page data
  // (`contract`, written by kijun/contracts.py): one definition, shared with the report that reads the exports.

  var readJson = window.kijunStorage.read; // JSON in local storage; a fallback where storage fails
  var writeJson = window.kijunStorage.write;

  function format(template, values) {
    return String(template).replace(/\{(\w+)\}/g, function (match, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : match;
    });
  }

  function shuffled(items) {
    var copy = items.slice();
    for (var i = copy.length - 1; i > 0; i--) {
      var j = Math.floor(Math.random() * (i + 1));
      var swap = copy[i];
      copy[i] = copy[j];
      copy[j] = swap;
    }
    return copy;
  }

  /* Keep a stored order for the ids that still exist and place new ids at random after them. */
  function stableOrder(stored, ids) {
    var known = (stored || []).filter(function (id) { return ids.indexOf(id) !== -1; });
    var added = ids.filter(function (id) { return known.indexOf(id) === -1; });
    return known.concat(shuffled(added));
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  /* The quiz version a saved answer was given on, or null if it did not record one (the pattern comes from the
     page data's contract, as the results schema states it). */
  function answerVersion(answer, contract) {
    var version = answer && answer.version;
    return typeof version === "string" && new RegExp(contract.versionPattern).test(version) ? version : null;
  }

  function safeFilePart(text) {
    return String(text).replace(/[^\w\u3040-\u30ff\u4e00-\u9fff-]+/g, "_").slice(0, 40) || "agent";
  }

  /* A CSV cell Excel reads as text: quoted, and never starting like a formula. The rule of kijun/csv_safety.py,
   * which reads the cell back (tests/test_csv_safety.py checks both agree): one apostrophe goes in front of a value
   * that, after any apostrophes it already starts with, begins with one of `formulaStarts` (from the page data). */
  function csvCell(value, formulaStarts) {
    var text = value === null || value === undefined ? "" : String(value);
    var first = text.replace(/^'+/, "").charAt(0);
    if (first && formulaStarts.indexOf(first) !== -1) text = "'" + text;
    return '"' + text.replace(/"/g, '""') + '"';
  }

  function download(filename, content, type) {
    var url = URL.createObjectURL(new Blob([content], { type: type }));
    var link = document.createElement("a");
    link.href = url;
    link.download = filename;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
  }

  /* ---- One quiz on the page ------------------------------------------------------------------- */

  function Quiz(root, data) {
    this.root = root;
    this.data = data;
    this.text = data.strings;
    this.storeKey = STORE_PREFIX + data.quizId;
    this.state = readJson(this.storeKey, null) || {};
    this.state.answers = this.state.answers || {};
    this.state.optionOrder = this.state.optionOrder || {};
    this.keys = {};
    this.caseIds = [];
    var self = this;
    data.cases.forEach(function (entry) {
      self.caseIds.push(entry.id);
      self.keys[entry.id] = entry.key || null;
    });
    this.sections = {};
    root.querySelectorAll(".kijun-case[data-case-id]").forEach(function (section) {
      self.sections[section.getAttribute("data-case-id")] = section;
    });
    this.status = root.querySelector("[data-kijun-status]");
    this.agentInput = root.querySelector("[data-kijun-agent]");
    this.notice = root.querySelector("[data-kijun-version-notice]");
  }

  Quiz.prototype.save = function () {
    if (!writeJson(this.storeKey, this.state)) {
      this.say(this.text.storage_failed || "");
    }
  };

  Quiz.prototype.say = function (message, delivery) {
    if (!this.status) return;
    this.status.textContent = message;
    if (delivery) this.status.setAttribute("data-kijun-delivery", delivery);
  };

  /* Delivered, queued or refused (with the reason), from the queue and the last outcome, which survive a reload. */
  Quiz.prototype.showDelivery = function () {
    var quizId = this.data.quizId;
    var text = this.text;
    var last = readJson(DELIVERY_PREFIX + quizId, {});
    var queued = window.kijunOutbox.items().some(function (item) { return item.payload.quiz_id === quizId; });
    var state = queued ? "queued" : last.state;
    if (state === "queued") this.say(text.queued, state);
    if (state === "delivered") this.say(text.sent, state);
    if (state === "refused") this.say(format(text.refused, { reason: text["refused_" + last.code] || text.refused_other }), state);
  };

  Quiz.prototype.answer = function (caseId) {
    if (!this.state.answers[caseId]) this.state.answers[caseId] = {};
    return this.state.answers[caseId];
  };

  /* True when the saved answer to a case was given on another version of the quiz than this page's. */
  Quiz.prototype.onOlderVersion = function (caseId) {
    var version = answerVersion(this.state.answers[caseId], this.data.contract);
    return Boolean(version && version !== this.data.version);
  };

  Quiz.prototype.fields = function (section, field) {
    return section.querySelectorAll('[data-kijun-field="' + field + '"]');
  };

  /* The page holds every field, mark and notice (rendered at build time); the runtime orders, restores and binds. */
  Quiz.prototype.start = function () {
    var self = this;
    this.applyOrder();
    this.caseIds.forEach(function (caseId) {
      var section = self.sections[caseId];
      if (!section) return;
      self.restore(caseId, section);
      self.bind(caseId, section);
    });
    if (this.agentInput) {
      this.agentInput.value = this.state.agent || "";
      this.agentInput.addEventListener("input", function () {
        self.state.agent = self.agentInput.value.trim();
        self.save();
      });
    }
    this.root.querySelectorAll("[data-kijun-action]").forEach(function (button) {
      var action = button.getAttribute("data-kijun-action");
      if (action === "export-json") button.addEventListener("click", function () { self.exportJson(); });
      if (action === "export-csv") button.addEventListener("click", function () { self.exportCsv(); });
      if (action === "submit") button.addEventListener("click", function () { self.submit(); });
    });
    this.root.setAttribute("data-kijun-ready", "true");
    this.update();
  };

  /* Shuffle cases and options once per trainee, then keep that order across reloads. */
  Quiz.prototype.applyOrder = function () {
    var self = this;
    var order = this.caseIds.slice();
    if (this.data.shuffleCases) {
      order = stableOrder(this.state.order, this.caseIds);
      this.state.order = order;
    }
    // Moved together, in one insertion: the cases are most of the page, and each move restyles it.
    var container = this.root.querySelector(".kijun-cases");
    var moved = document.createDocumentFragment();
    order.forEach(function (caseId) { if (self.sections[caseId]) moved.appendChild(self.sections[caseId]); });
    container.appendChild(moved);
    order.forEach(function (caseId, index) {
      var section = self.sections[caseId];
      if (!section) return;
      var title = section.querySelector(".kijun-case__title");
      var numbered = format(self.text.case_title, { n: index + 1, total: order.length }) + " ";
      if (title && title.firstChild && title.firstChild.textContent !== numbered) {
        title.firstChild.textContent = numbered;
      }
      if (self.data.shuffleOptions) {
        var group = section.querySelector(".kijun-field--decision .kijun-choices");
        var labels = Array.prototype.slice.call(group.children);
        var values = labels.map(function (label) { return label.querySelector("input").value; });
        var optionOrder = stableOrder(self.state.optionOrder[caseId], values);
        self.state.optionOrder[caseId] = optionOrder;
        optionOrder.forEach(function (value) { group.appendChild(labels[values.indexOf(value)]); });
      }
    });
    this.caseOrder = order;
  };

  Quiz.prototype.restore = function (caseId, section) {
    var saved = this.state.answers[caseId] || {};
    ["decision", "clause", "confidence"].forEach(function (field) {
      section.querySelectorAll('[data-kijun-field="' + field + '"]').forEach(function (input) {
        input.checked = saved[field] === input.value;
      });
    });
    var reason = section.querySelector('[data-kijun-field="reason"]');
    if (reason) reason.value = saved.reason || "";
    if (saved.checked) this.showFeedback(caseId, section, false);
  };

  Quiz.prototype.bind = function (caseId, section) {
    var self = this;
    var markSeen = function () {
      var answer = self.answer(caseId);
      if (!answer.firstSeenAt) {
        answer.firstSeenAt = Date.now();
        self.save();
      }
    };
    section.addEventListener("focusin", markSeen);
    section.addEventListener("pointerdown", markSeen);
    section.addEventListener("change", function (event) {
      var field = event.target.getAttribute("data-kijun-field");
      if (!field || field === "reason") return;
      var answer = self.answer(caseId);
      if (answer.checked) return;
      answer[field] = event.target.value;
      if (field === "decision") {
        answer.answeredAt = new Date().toISOString();
        answer.timeMs = answer.firstSeenAt ? Date.now() - answer.firstSeenAt : null;
      }
      answer.version = self.data.version;
      self.save();
      self.update();
    });
    var reason = section.querySelector('[data-kijun-field="reason"]');
    if (reason) {
      reason.addEventListener("input", function () {
        self.answer(caseId).reason = reason.value;
        self.save();
      });
    }
    var check = section.querySelector('[data-kijun-action="check"]');
    if (check) {
      check.addEventListener("click", function () {
        var answer = self.answer(caseId);
        if (!answer.decision || !answer.confidence) {
          var feedback = section.querySelector("[data-kijun-feedback]");
          feedback.textContent = self.text.need_decision;
          return;
        }
        answer.checked = true;
        self.save();
        self.showFeedback(caseId, section, true);
        self.update();
      });
    }
  };

  Quiz.prototype.isCorrect = function (caseId) {
    var key = this.keys[caseId];
    var answer = this.state.answers[caseId];
    return Boolean(key && answer && answer.decision === key.decision);
  };

  Quiz.prototype.showFeedback = function (caseId, section, moveFocus) {
    var key = this.keys[caseId];
    if (!key) return; // open calibration round: nothing to show
    var answer = this.state.answers[caseId] || {};
    var correct = this.isCorrect(caseId);
    var feedback = section.querySelector("[data-kijun-feedback]");
    feedback.textContent = "";
    feedback.setAttribute("data-kijun-result", correct ? "correct" : "incorrect");
    feedback.className = "kijun-feedback admonition " + (correct ? "success" : "failure");
    feedback.appendChild(element("p", "kijun-feedback__verdict", correct ? this.text.correct : this.text.incorrect));
    if (key.clause && answer.clause !== key.clause) {
      feedback.appendChild(element("p", null, format(this.text.clause_wrong, { clause: key.clauseLabel })));
    }
    var reference = section.querySelector("template[data-kijun-reference]");
    if (reference) feedback.appendChild(reference.content.cloneNode(true)); // built and sanitised at build time
    section.querySelectorAll("input[data-kijun-field]").forEach(function (input) { input.disabled = true; });
    section.classList.add("kijun-case--checked");
    var check = section.querySelector('[data-kijun-action="check"]');
    if (check) check.hidden = true;
    if (moveFocus) {
      feedback.setAttribute("tabindex", "-1");
      feedback.focus();
    }
  };

  /* Saved answers are never dropped when the quiz changes: the ones given on an earlier version are marked, and a
   * notice says the quiz changed. Changing such an answer records it on this version, which clears its mark. */
  Quiz.prototype.showVersions = function () {
    var self = this;
    var older = 0;
    this.caseIds.forEach(function (caseId) {
      var isOlder = self.onOlderVersion(caseId);
      if (isOlder) older += 1;
      var section = self.sections[caseId];
      var mark = section && section.querySelector("[data-kijun-version-mark]");
      if (!mark) return;
      mark.hidden = !isOlder;
      section.toggleAttribute("data-kijun-older-version", isOlder);
      var decision = section.querySelector(".kijun-field--decision");
      if (decision && isOlder) decision.setAttribute("aria-describedby", mark.id);
      else if (decision) decision.removeAttribute("aria-describedby");
    });
    if (!this.notice) return;
    var message = older ? this.text.version_changed : "";
    if (this.notice.textContent !== message) {
      this.notice.textContent = "";
      if (message) this.notice.appendChild(element("p", null, message));
    }
  };

  Quiz.prototype.update = function () {
    var self = this;
    this.showVersions();
    var total = this.caseIds.length;
    var answered = this.caseIds.filter(function (id) {
      var answer = self.state.answers[id];
      return answer && answer.decision;
    }).length;
    var progress = this.root.querySelector("[data-kijun-progress]");
    if (progress) progress.textContent = format(this.text.progress, { answered: answered, total: total });
    var score = this.root.querySelector("[data-kijun-score]");
    if (!score || this.data.mode !== "practice") return;
    var checked = this.caseIds.filter(function (id) { return (self.state.answers[id] || {}).checked; });
    score.textContent = "";
    if (checked.length < total) return;
    var correct = checked.filter(function (id) { return self.isCorrect(id); }).length;
    var percent = Math.round((correct / total) * 100);
    var cbm = checked.reduce(function (sum, id) {
      var points = self.data.contract.cbmPoints[self.state.answers[id].confidence] || [0, 0];
      return sum + (self.isCorrect(id) ? points[0] : points[1]);
    }, 0);
    score.appendChild(element("p", "kijun-score__result", format(this.text.score, { correct: correct, total: total, percent: percent })));
    if (this.data.passMark) {
      var passPercent = Math.round(this.data.passMark * 100);
      var passed = correct / total >= this.data.passMark;
      score.setAttribute("data-kijun-passed", String(passed));
      score.appendChild(element("p", null, format(passed ? this.text.passed : this.text.failed, { pass: passPercent })));
    }
    score.appendChild(element("p", "kijun-score__cbm", format(this.text.cbm, { score: cbm, average: (cbm / total).toFixed(2) })));
  };

  /* ---- Export and submission --------------------------------------------------------------- */

  Quiz.prototype.requireAgent = function () {
    var agent = (this.agentInput ? this.agentInput.value : this.state.agent || "").trim();
    if (!agent) {
      this.say(this.text.need_agent);
      if (this.agentInput) this.agentInput.focus();
      return null;
    }
    this.state.agent = agent;
    this.save();
    return agent;
  };

  Quiz.prototype.results = function (agent) {
    var self = this;
    return {
      format: this.data.contract.format,
      format_version: this.data.contract.formatVersion,
      quiz_id: this.data.quizId,
      quiz_version: this.data.version,
      mode: this.data.mode,
      language: this.data.language,
      agent: agent,
      exported_at: new Date().toISOString(),
      answers: this.caseIds.filter(function (id) {
        return (self.state.answers[id] || {}).decision;
      }).map(function (id) {
        var answer = self.state.answers[id];
        var row = {
          case_id: id,
          decision: answer.decision,
          clause: answer.clause || null,
          confidence: answer.confidence || null,
          reason: answer.reason || "",
          time_ms: typeof answer.timeMs === "number" ? answer.timeMs : null,
          answered_at: answer.answeredAt || null,
        };
        // The version this answer was given on, which may be older than the page's (quiz_version above).
        var version = answerVersion(answer, self.data.contract);
        if (version) row.quiz_version = version;
        return row;
      }),
    };
  };

  Quiz.prototype.fileName = function (agent, extension) {
    var day = new Date().toISOString().slice(0, 10);
    return "kijun-" + this.data.quizId + "-" + safeFilePart(agent) + "-" + day + "." + extension;
  };

  Quiz.prototype.exportJson = function () {
    var agent = this.requireAgent();
    if (!agent) return;
    download(this.fileName(agent, "json"), JSON.stringify(this.results(agent), null, 2), "application/json");
  };

  Quiz.prototype.exportCsv = function () {
    var agent = this.requireAgent();
    if (!agent) return;
    var results = this.results(agent);
    var contract = this.data.contract;
    var columns = contract.csvColumns;
    var lines = [columns.join(",")];
    results.answers.forEach(function (answer) {
      var row = { quiz_id: results.quiz_id, quiz_version: answer.quiz_version || results.quiz_version, language: results.language, agent: agent };
      lines.push(columns.map(function (column) {
        return csvCell(column in row ? row[column] : answer[column], contract.formulaStarts);
      }).join(","));
    });
    // UTF-8 with a byte-order mark and CRLF line ends: Excel then opens Japanese text correctly.
    download(this.fileName(agent, "csv"), "\ufeff" + lines.join("\r\n") + "\r\n", "text/csv;charset=utf-8");
  };

  Quiz.prototype.submit = function () {
    var agent = this.requireAgent();
    if (!agent || !this.data.endpoint) return;
    var payload = this.results(agent);
    payload.submission_id = window.kijunOutbox.uuid();
    this.say(this.text.sending, "sending");
    window.kijunOutbox.send(this.data.endpoint, payload, DELIVERY_PREFIX + payload.quiz_id);
  };

  function init() {
    var dataNode = document.getElementById("kijun-quiz-data");
    var root = document.querySelector(".kijun-quiz");
    if (!dataNode || !root) return;
    var quiz = new Quiz(root, JSON.parse(dataNode.textContent));
    quiz.start();
    window.kijunQuiz = quiz; // for debugging and tests
    quiz.showDelivery();
    window.kijunOutbox.subscribe(function () { quiz.showDelivery(); });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
