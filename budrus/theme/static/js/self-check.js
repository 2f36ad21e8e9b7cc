/* The guide's self-check as an exercise: for each situation the reader chooses
   "safe" or "risky" and hears at once whether that was right, with the explanation
   and a running score. Without this script every answer sits in a <details>.
   The answers live only in this page: nothing is stored or sent anywhere. */
(function () {
  "use strict";

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (whole, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : whole;
    });
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  function SelfCheck(section) {
    this.section = section;
    this.texts = section.dataset;
    this.lang = document.documentElement.lang || undefined;
    this.items = Array.prototype.slice.call(section.querySelectorAll(".self-check__item"));
    this.answered = 0;
    this.correct = 0;
  }

  SelfCheck.prototype.label = function (answer) {
    return answer === "safe" ? this.texts.labelSafe : this.texts.labelRisky;
  };

  SelfCheck.prototype.start = function () {
    var self = this;
    this.items.forEach(function (item, index) { self.prepare(item, index); });
    var footer = element("div", "self-check__summary");
    this.score = element("p", "self-check__score");
    this.score.setAttribute("role", "status");
    this.restartButton = element("button", "button self-check__restart", this.texts.labelRestart);
    this.restartButton.type = "button";
    this.restartButton.addEventListener("click", function () { self.restart(); });
    footer.appendChild(this.score);
    footer.appendChild(this.restartButton);
    this.showScore();  // before it is in the page, so the starting score is not announced
    this.section.querySelector(".self-check__items").after(footer);
    this.section.classList.add("self-check--interactive");
  };

  /* Two buttons named by the situation they answer, and a live region for the verdict.
     The <details> stays in the page but hidden until the reader has chosen. */
  SelfCheck.prototype.prepare = function (item, index) {
    var self = this;
    var statement = item.querySelector(".self-check__statement");
    var details = item.querySelector(".self-check__answer");
    var group = element("div", "self-check__choices");
    group.setAttribute("role", "group");
    group.setAttribute("aria-labelledby", statement.id);
    ["safe", "risky"].forEach(function (answer) {
      var button = element("button", "self-check__choice self-check__choice--" + answer, self.label(answer));
      button.type = "button";
      button.dataset.choice = answer;
      button.setAttribute("aria-pressed", "false");
      button.addEventListener("click", function () { self.choose(item, button); });
      group.appendChild(button);
    });
    var feedback = element("p", "self-check__feedback");
    feedback.setAttribute("aria-live", "polite");
    feedback.id = "self-check-feedback-" + (index + 1);
    statement.after(group);
    group.after(feedback);
    details.hidden = true;
  };

  SelfCheck.prototype.choose = function (item, button) {
    if (item.dataset.chosen) return;  // one answer per situation until "start again"
    var answer = item.dataset.answer;
    var right = button.dataset.choice === answer;
    item.dataset.chosen = button.dataset.choice;
    item.classList.add(right ? "self-check__item--correct" : "self-check__item--wrong");
    item.querySelectorAll(".self-check__choice").forEach(function (choice) {
      choice.setAttribute("aria-pressed", choice === button ? "true" : "false");
      choice.setAttribute("aria-disabled", "true");
      choice.setAttribute("aria-describedby", item.querySelector(".self-check__feedback").id);
    });
    var template = right ? this.texts.msgCorrect : this.texts.msgWrong;
    item.querySelector(".self-check__feedback").textContent =
      fill(template, { answer: this.label(answer).toLocaleLowerCase(this.lang) });
    var details = item.querySelector(".self-check__answer");
    details.hidden = false;
    details.open = true;
    this.answered += 1;
    if (right) this.correct += 1;
    this.showScore();
  };

  SelfCheck.prototype.showScore = function () {
    this.score.textContent = fill(this.texts.msgScore, {
      answered: this.answered, total: this.items.length, correct: this.correct,
    });
  };

  SelfCheck.prototype.restart = function () {
    this.items.forEach(function (item) {
      delete item.dataset.chosen;
      item.classList.remove("self-check__item--correct", "self-check__item--wrong");
      item.querySelector(".self-check__feedback").textContent = "";
      item.querySelectorAll(".self-check__choice").forEach(function (choice) {
        choice.setAttribute("aria-pressed", "false");
        choice.removeAttribute("aria-disabled");
        choice.removeAttribute("aria-describedby");
      });
      var details = item.querySelector(".self-check__answer");
      details.open = false;
      details.hidden = true;
    });
    this.answered = 0;
    this.correct = 0;
    this.showScore();
    var first = this.section.querySelector(".self-check__choice");
    if (first) first.focus();
  };

  document.querySelectorAll("[data-self-check]").forEach(function (section) {
    new SelfCheck(section).start();
  });
})();
