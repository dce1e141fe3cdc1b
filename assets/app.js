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
})();
