// Offline search: loads this language's static index (built by
// budrus/outputs/search.py) and lists the pages that contain every word of the
// query, title matches first. All wording comes from the page's data-msg-*
// attributes, so the script holds no language of its own.
(function () {
  'use strict';

  var form = document.querySelector('form[data-search-index]');
  if (!form) { return; }
  var input = form.querySelector('input[name="q"]');
  var status = document.getElementById('search-status');
  var list = document.getElementById('search-results');
  if (!input || !status || !list) { return; }

  // Field bits as written by search.py, weighted so that one title match
  // outranks any number of summary and body matches.
  var TITLE = 4, SUMMARY = 2, BODY = 1;
  var MIN_TOKEN_LENGTH = 2;
  var MAX_RESULTS = 50;
  var indexPromise = null;
  var timer = null;

  function fold(text) {
    return text.toLowerCase().normalize('NFKD').replace(/\p{M}/gu, '');
  }

  function tokenize(text) {
    var words = fold(text).match(/[\p{L}\p{N}]+/gu) || [];
    return words.filter(function (word) { return word.length >= MIN_TOKEN_LENGTH; });
  }

  function fieldScore(fields) {
    return (fields & TITLE ? 100 : 0) + (fields & SUMMARY ? 10 : 0) + (fields & BODY ? 1 : 0);
  }

  // Lithuanian words change their endings ("žmonės", "žmonėmis"), so a long
  // query word also matches, more weakly, words sharing all but its last two letters.
  function matchFactor(term, word) {
    if (term === word) { return 1; }
    if (term.lastIndexOf(word, 0) === 0) { return 0.5; }
    if (word.length >= 6 && term.lastIndexOf(word.slice(0, -2), 0) === 0) { return 0.25; }
    return 0;
  }

  function scoresForWord(index, word) {
    var best = new Map();
    Object.keys(index.terms).forEach(function (term) {
      var factor = matchFactor(term, word);
      if (!factor) { return; }
      var postings = index.terms[term];
      for (var i = 0; i < postings.length; i += 2) {
        var score = fieldScore(postings[i + 1]) * factor;
        best.set(postings[i], Math.max(best.get(postings[i]) || 0, score));
      }
    });
    return best;
  }

  function rank(index, words) {
    var totals = null;
    words.forEach(function (word) {
      var scores = scoresForWord(index, word);
      var next = new Map();
      scores.forEach(function (score, doc) {
        if (totals === null || totals.has(doc)) { next.set(doc, (totals ? totals.get(doc) : 0) + score); }
      });
      totals = next;
    });
    var ranked = Array.from(totals ? totals.entries() : []);
    ranked.sort(function (a, b) { return b[1] - a[1] || a[0] - b[0]; });
    return ranked.slice(0, MAX_RESULTS).map(function (pair) { return index.docs[pair[0]]; });
  }

  function message(name, values) {
    var text = form.getAttribute('data-msg-' + name) || '';
    return text.replace(/\{(\w+)\}/g, function (all, key) { return key in values ? values[key] : all; });
  }

  function resultItem(index, doc) {
    var item = document.createElement('li');
    var heading = document.createElement('h2');
    var link = document.createElement('a');
    link.href = doc[0];
    link.textContent = doc[1];
    heading.appendChild(link);
    item.appendChild(heading);
    var section = document.createElement('p');
    section.className = 'search-section';
    section.textContent = index.sections[doc[3]];
    item.appendChild(section);
    if (doc[2]) {
      var summary = document.createElement('p');
      summary.textContent = doc[2];
      item.appendChild(summary);
    }
    return item;
  }

  function show(index, query) {
    var words = tokenize(query);
    list.replaceChildren();
    if (!words.length) { status.textContent = ''; return; }
    var docs = rank(index, words);
    docs.forEach(function (doc) { list.appendChild(resultItem(index, doc)); });
    status.textContent = docs.length
      ? message('count', { count: docs.length, query: query })
      : message('none', { query: query });
  }

  function loadIndex() {
    if (!indexPromise) {
      status.textContent = message('loading', {});
      indexPromise = fetch(form.getAttribute('data-search-index'), { credentials: 'same-origin' })
        .then(function (response) {
          if (!response.ok) { throw new Error(response.status); }
          return response.json();
        });
    }
    return indexPromise;
  }

  function run() {
    var query = input.value.trim();
    loadIndex().then(function (index) {
      if (input.value.trim() === query) { show(index, query); }
    }, function () {
      indexPromise = null;
      status.textContent = message('error', {});
    });
  }

  function remember(query) {
    var url = new URL(window.location.href);
    if (query) { url.searchParams.set('q', query); } else { url.searchParams.delete('q'); }
    window.history.replaceState(null, '', url.toString());
  }

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    window.clearTimeout(timer);
    remember(input.value.trim());
    run();
  });
  input.addEventListener('input', function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(function () { remember(input.value.trim()); run(); }, 250);
  });

  // The page works without this script (it explains itself and links the
  // sections); with it, the form appears and the explanation steps aside.
  document.querySelectorAll('[data-search-nojs]').forEach(function (node) { node.hidden = true; });
  form.hidden = false;
  var initial = new URL(window.location.href).searchParams.get('q');
  if (initial) { input.value = initial; run(); }
})();
