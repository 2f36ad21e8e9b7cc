// Quick exit, after GOV.UK's "Exit this page": the button, Shift pressed three
// times in a row, or Escape leave for the exit address at once. location.replace
// swaps this page out of the back-button history, so "Back" does not bring it
// back. Without JavaScript the button is still an ordinary link to the same
// address. The markup: a [data-quick-exit] element holding the link
// a.quick-exit__button; all wording comes from that element's data-msg-*
// attributes, so the script holds no language of its own.
(function () {
  'use strict';

  var root = document.querySelector('[data-quick-exit]');
  var link = root && root.querySelector('a.quick-exit__button[href]');
  if (!link) { return; }

  var PRESSES_TO_EXIT = 3;
  // Time allowed between two Shift presses before the count starts again.
  var PRESS_WINDOW_MS = 5000;
  var presses = 0;
  var timer = null;
  var lastKeyWasModified = false;

  var status = document.createElement('span');
  status.className = 'visually-hidden';
  status.setAttribute('role', 'status');
  root.appendChild(status);

  var lights = document.createElement('span');
  lights.className = 'quick-exit__lights';
  lights.setAttribute('aria-hidden', 'true');
  for (var i = 0; i < PRESSES_TO_EXIT; i += 1) {
    lights.appendChild(document.createElement('span'));
  }
  link.appendChild(lights);

  function say(name) {
    status.textContent = name ? root.getAttribute('data-msg-' + name) || '' : '';
  }

  function showPresses() {
    lights.className = 'quick-exit__lights' + (presses ? ' is-on-' + presses : '');
  }

  function leave() {
    // Hide the page at once: on a slow connection the next site may take a
    // while to appear, and this one must not stay readable meanwhile.
    document.documentElement.classList.add('is-leaving');
    window.location.replace(link.href);
  }

  function resetPresses(announce) {
    window.clearTimeout(timer);
    timer = null;
    presses = 0;
    showPresses();
    say(announce ? 'timed-out' : '');
  }

  function countShift() {
    presses += 1;
    showPresses();
    if (presses >= PRESSES_TO_EXIT) {
      resetPresses(false);
      leave();
      return;
    }
    say(presses === 1 ? 'two-more' : 'one-more');
    window.clearTimeout(timer);
    timer = window.setTimeout(function () { resetPresses(true); }, PRESS_WINDOW_MS);
  }

  function onKeyUp(event) {
    // Shift used as a modifier (Shift+A) sends a keyup for A with shiftKey set,
    // then one for Shift itself: only a Shift pressed on its own counts.
    if (event.key === 'Shift' && !lastKeyWasModified) {
      countShift();
    } else if (timer) {
      resetPresses(true);
    }
    lastKeyWasModified = event.shiftKey;
  }

  function onKeyDown(event) {
    var plainEscape = event.key === 'Escape' && !event.isComposing &&
      !event.ctrlKey && !event.altKey && !event.metaKey;
    if (plainEscape && !event.defaultPrevented) {
      event.preventDefault();
      leave();
    }
  }

  link.addEventListener('click', function (event) {
    event.preventDefault();
    leave();
  });
  document.addEventListener('keyup', onKeyUp, true);
  document.addEventListener('keydown', onKeyDown);
  // A page restored from the back-forward cache must not stay blank.
  window.addEventListener('pageshow', function () {
    document.documentElement.classList.remove('is-leaving');
    resetPresses(false);
  });
}());
