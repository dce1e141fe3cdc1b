// mulin's small progressive enhancements. Every page works without this file.
(function () {
  'use strict';
  // Print buttons: <button data-print> opens the print dialog (slips, notices).
  document.addEventListener('click', function (e) {
    var t = e.target;
    if (t && t.hasAttribute && t.hasAttribute('data-print')) {
      e.preventDefault();
      window.print();
    }
  });
  // Live updates: an element with data-live="/api/.../events" is shown when the server
  // reports a change there (Server-Sent Events). The page itself is not rewritten: the reader
  // decides when to reload, so nothing moves under an elderly reader's finger.
  if (!window.EventSource) return;
  var live = document.querySelectorAll('[data-live]');
  for (var i = 0; i < live.length; i++) {
    (function (el) {
      var source = new EventSource(el.getAttribute('data-live'));
      // data-live-events names the events that matter to this element (default: roles).
      var names = (el.getAttribute('data-live-events') || 'roles').split(' ');
      for (var k = 0; k < names.length; k++) {
        source.addEventListener(names[k], function () { el.hidden = false; });
      }
    })(live[i]);
  }
})();
