// Share buttons that need JavaScript: "copy link" and the browser's own share sheet
// (Web Share API). Without JavaScript they stay hidden and the plain share links do
// the work. Each button is shown only where the browser can do what it promises. All
// wording comes from data-msg-* attributes, so the script holds no language of its own.
(function () {
  'use strict';

  function announce(status, text) {
    // Clear first so that the same message twice in a row is read again.
    status.textContent = '';
    window.setTimeout(function () { status.textContent = text; }, 50);
  }

  function setUpCopy(root, button, status) {
    if (!button || !navigator.clipboard || !window.isSecureContext) { return false; }
    button.addEventListener('click', function () {
      navigator.clipboard.writeText(root.getAttribute('data-url')).then(
        function () { announce(status, root.getAttribute('data-msg-copied')); },
        function () { announce(status, root.getAttribute('data-msg-copy-failed')); }
      );
    });
    button.hidden = false;
    return true;
  }

  function setUpNative(root, button) {
    if (!button || typeof navigator.share !== 'function') { return false; }
    button.addEventListener('click', function () {
      navigator.share({
        title: root.getAttribute('data-title'),
        url: root.getAttribute('data-url')
      }).catch(function () {
        // Closing the share sheet rejects the promise; there is nothing to report.
      });
    });
    button.hidden = false;
    return true;
  }

  var roots = document.querySelectorAll('[data-share-actions]');
  for (var i = 0; i < roots.length; i += 1) {
    var root = roots[i];
    var status = root.querySelector('[data-share-status]');
    var copied = setUpCopy(root, root.querySelector('[data-share-copy]'), status);
    var native = setUpNative(root, root.querySelector('[data-share-native]'));
    if (copied || native) { root.hidden = false; }
  }
}());
