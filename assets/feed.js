// The hall feed, live: a feed list with a [data-feed-live] notice subscribes to the event
// stream of each of its halls (GET /api/v1/nodes/{id}/events; feed_add publishes "feed"), and
// on each event fetches the items newer than the newest shown (data-feed-items?after=N, an
// HTML fragment of <li> items written and escaped by the server) and puts them on top. The
// notice is an aria-live region, so screen readers hear that something new arrived. Without
// this file the page is an ordinary paginated list.
(function () {
  'use strict';
  if (!window.EventSource || !window.fetch) return;
  var live = document.querySelector('[data-feed-live]');
  var list = document.querySelector('[data-feed-list]');
  if (!live || !list) return;
  var after = Number(live.getAttribute('data-feed-after')) || 0;
  var url = live.getAttribute('data-feed-items');
  var busy = false;
  var again = false;
  function load() {
    if (busy) { again = true; return; }
    busy = true;
    fetch(url + '?after=' + after, { credentials: 'same-origin' })
      .then(function (res) { return res.ok ? res.text() : Promise.reject(res.status); })
      .then(function (html) {
        if (!html) return;
        var box = document.createElement('ul');
        box.innerHTML = html;
        var items = box.querySelectorAll('[data-feed-id]');
        for (var i = items.length - 1; i >= 0; i--) {
          var id = Number(items[i].getAttribute('data-feed-id'));
          if (id > after) after = id;
          if (!list.querySelector('[data-feed-id="' + id + '"]')) list.insertBefore(items[i], list.firstChild);
        }
        live.hidden = false; // announces "there are new items"
      })
      .catch(function () { live.hidden = false; }) // the notice's link reloads the page
      .then(function () {
        busy = false;
        if (again) { again = false; load(); }
      });
  }
  var halls = (live.getAttribute('data-feed-halls') || '').split(' ');
  for (var i = 0; i < halls.length; i++) {
    if (!halls[i]) continue;
    new EventSource('/api/v1/nodes/' + halls[i] + '/events').addEventListener('feed', load);
  }
})();
