// The live meeting room (src/meeting/room_page.h). Subscribes to the meeting's event stream
// (GET /api/v1/meetings/{id}/events); every accepted command sends one "command" event that
// carries the public snapshot (src/meeting/room.h), and the phone and projector redraw their
// live parts from it with textContent (no request to the server: 10,000 watchers cost the
// server one event each). Only the chair's console re-reads its own page, because its buttons
// depend on who reads it. A running speech counts down on the server's clock; on the console,
// when it reaches zero, the page asks the server to bring the engine's clock to the real time
// (a TICK: the server decides the seconds), so the speech ends on time. Without this file
// every page is correct on reload.
(function () {
  'use strict';
  var root = document.querySelector('[data-room]');
  if (!root || !window.EventSource || !window.fetch || !window.JSON) return;
  var id = root.getAttribute('data-id');
  var view = root.getAttribute('data-view');
  var self = root.getAttribute('data-self');
  var L = {};
  try { L = JSON.parse(root.getAttribute('data-labels')) || {}; } catch (e) { L = {}; }
  var seq = Number(root.getAttribute('data-seq')) || 0;
  var offset = (Number(root.getAttribute('data-now')) || Date.now() / 1000) - Date.now() / 1000;

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;
    return e;
  }
  function fill(key, nodes) {
    var box = root.querySelector('[data-k="' + key + '"]');
    if (!box) return;
    while (box.firstChild) box.removeChild(box.firstChild);
    for (var i = 0; i < nodes.length; i++) box.appendChild(nodes[i]);
  }
  function fmt(s, a, b) { // the server's "%d" formats
    var args = [a, b];
    var i = 0;
    return String(s).replace(/%d/g, function () { return String(args[i++]); });
  }
  function kind(m) { return L.en ? m.type : m.type_zh; }
  function clock(left) {
    left = Math.max(0, Math.round(left));
    var s = left % 60;
    return Math.floor(left / 60) + ':' + (s < 10 ? '0' : '') + s;
  }

  function draw(d) {
    var st = el('p', 'room-status');
    st.appendChild(el('strong', null, L[d.meeting] || d.meeting));
    var line = ' · ' + fmt(L.present, d.present, d.quorum);
    if (d.item) line += ' · ' + L.item + ' ' + d.item + (d.item_title ? ' ' + d.item_title : '');
    st.appendChild(document.createTextNode(line));
    var box = root.querySelector('[data-k="status"]');
    if (box) { box.textContent = ''; while (st.firstChild) box.appendChild(st.firstChild); }

    var q = d.question;
    if (!q) fill('question', [el('p', 'muted', L.noQuestion)]);
    else {
      var qs = [el('p', 'kind', kind(q) + ' · ' + q.id)];
      if (q.text != null) qs.push(el('p', 'room-q', q.text));
      if (q.mover) qs.push(el('p', 'muted', L.movedBy + q.mover.name));
      fill('question', qs);
    }

    var f = d.floor;
    if (!f) fill('floor', [el('p', 'muted', L.nobody)]);
    else {
      var p = el('p');
      p.appendChild(el('strong', 'room-who', f.name));
      var side = L[f.stance] ? '（' + L[f.stance] + '）' : '';
      p.appendChild(document.createTextNode(side + ' ' + (f.speaking ? L.speaking : L.recognized)));
      if (f.speaking) {
        p.appendChild(document.createTextNode(' '));
        var c = el('span', 'room-clock', clock(f.remaining));
        if (f.ends_at != null) c.setAttribute('data-ends-at', String(f.ends_at));
        p.appendChild(c);
        p.appendChild(document.createTextNode(' ' + L.left));
      }
      fill('floor', [p]);
    }

    var qu = d.queue || [];
    if (!qu.length) fill('queue', [el('p', 'muted', L.queueEmpty)]);
    else {
      var parts = [];
      if (d.next) {
        var n = el('p', null, L.next + '：');
        n.appendChild(el('strong', null, d.next.name));
        parts.push(n);
      }
      var ol = el('ol', 'cells room-queue');
      for (var i = 0; i < qu.length; i++) ol.appendChild(el('li', 'cell', qu[i].name + ' · ' + (L[qu[i].stance] || '')));
      parts.push(ol);
      if (d.queued > qu.length) parts.push(el('p', 'muted', '… ' + d.queued));
      fill('queue', parts);
    }

    if (!d.vote) fill('vote', []);
    else {
      var v = el('p', 'notice');
      v.appendChild(el('strong', null, L.voting));
      var count = d.vote.method === 'HANDS' ? L.handsHint : L.cast + ' ' + d.vote.cast;
      v.appendChild(document.createTextNode('（' + (L[d.vote.method] || d.vote.method) + '）· ' + count));
      fill('vote', [v]);
    }

    var r = d.result;
    if (!r) fill('result', [el('p', 'muted', L.noResult)]);
    else {
      var rs = [el('p', 'kind', kind(r) + ' · ' + r.id + ' · ' + (L[r.method] || r.method))];
      if (r.text != null) rs.push(el('p', null, r.text));
      var out = el('p', 'room-result');
      out.appendChild(el('strong', null, L[r.state] || r.state));
      out.appendChild(document.createTextNode(' ' + L.yes + ' ' + r.yes + ' · ' + L.no + ' ' + r.no + ' · ' + L.abstain + ' ' + r.abstain));
      rs.push(out);
      fill('result', rs);
    }
    if (view === 'room') phone(d);
    tick();
  }

  // The phone's forms: shown only when in order now (as the server decides on a reload).
  function show(when, on) {
    var e = root.querySelector('[data-when="' + when + '"]');
    if (e) e.hidden = !on;
  }
  var voted = !!root.querySelector('[data-when="voted"]:not([hidden])');
  function phone(d) {
    var q = d.question;
    if (!d.vote) voted = false; // the next vote is a new one
    var cast = !!(d.vote && d.vote.method !== 'HANDS');
    var mine = d.floor && d.floor.id === self;
    show('floor', !!mine);
    var cmd = root.querySelector('[data-floor-cmd]');
    if (cmd && mine) {
      cmd.value = d.floor.speaking ? 'END_SPEECH' : 'START_SPEECH';
      var b = cmd.form.querySelector('button');
      b.textContent = b.getAttribute(d.floor.speaking ? 'data-end' : 'data-start');
    }
    show('vote', cast && !voted);
    show('voted', cast && voted);
    show('division', !!(d.cmd === 'CLOSE_VOTE' && d.result && d.result.method === 'HANDS'));
    show('appeal', d.cmd === 'RULE');
    show('second', !!(q && q.state === 'PROPOSED' && !(q.mover && q.mover.id === self)));
    var queued = (d.queue || []).some(function (e) { return e.id === self; }); // the first 12
    var used = ((d.spoke && d.spoke[self]) || 0) >= d.max_speeches;
    show('debate', !!(q && q.state === 'STATED' && !d.vote && !mine && !queued && !used));
    var m = root.querySelector('[data-k="mine"]');
    if (m) {
      m.hidden = !q;
      m.textContent = fmt(L.mine, (d.spoke && d.spoke[self]) || 0, d.max_speeches);
    }
  }

  // The console: its own page again, the live region swapped in.
  var busy = false;
  var again = false;
  function refetch() {
    if (busy) { again = true; return; }
    busy = true;
    fetch(location.pathname, { credentials: 'same-origin' })
      .then(function (res) { return res.ok ? res.text() : Promise.reject(res.status); })
      .then(function (html) {
        var doc = new DOMParser().parseFromString(html, 'text/html');
        var fresh = doc.querySelector('[data-live]');
        var live = root.querySelector('[data-live]');
        var froot = doc.querySelector('[data-room]');
        if (fresh && live) live.innerHTML = fresh.innerHTML; // the server's own escaped markup
        if (froot) offset = Number(froot.getAttribute('data-now')) - Date.now() / 1000;
        tick();
      })
      .catch(function () {})
      .then(function () {
        busy = false;
        if (again) { again = false; refetch(); }
      });
  }

  // The countdown, and on the console the TICK at zero (once per speech end).
  var ticked = {};
  function tick() {
    var now = Date.now() / 1000 + offset;
    var clocks = root.querySelectorAll('[data-ends-at]');
    for (var i = 0; i < clocks.length; i++) {
      var end = Number(clocks[i].getAttribute('data-ends-at'));
      var left = end - now;
      clocks[i].textContent = clock(left);
      if (left <= 0 && view === 'chair' && !ticked[end]) {
        ticked[end] = true;
        var form = document.querySelector('[data-tick-form]');
        form = form && form.closest('form');
        if (form) {
          fetch(form.action, { method: 'POST', body: new URLSearchParams(new FormData(form)), credentials: 'same-origin', redirect: 'manual' })
            .catch(function () {}).then(refetch);
        }
      }
    }
  }
  setInterval(tick, 1000);

  // After the stream drops and comes back (a phone's Wi-Fi, a server restart), the events sent
  // meanwhile are lost: the server keeps none to replay. So read the page again and take its
  // live parts (the server's own escaped markup), as a reload would show them.
  function catchUp() {
    if (view === 'chair') { refetch(); return; }
    fetch(location.pathname, { credentials: 'same-origin' })
      .then(function (res) { return res.ok ? res.text() : Promise.reject(res.status); })
      .then(function (html) {
        var froot = new DOMParser().parseFromString(html, 'text/html').querySelector('[data-room]');
        var s = froot ? Number(froot.getAttribute('data-seq')) || 0 : -1;
        if (s < seq) return; // an event already brought something newer
        seq = s;
        offset = Number(froot.getAttribute('data-now')) - Date.now() / 1000;
        var boxes = froot.querySelectorAll('[data-k]');
        for (var i = 0; i < boxes.length; i++) {
          var box = root.querySelector('[data-k="' + boxes[i].getAttribute('data-k') + '"]');
          if (box) { box.innerHTML = boxes[i].innerHTML; box.hidden = boxes[i].hidden; }
        }
        var whens = froot.querySelectorAll('[data-when]');
        for (var j = 0; j < whens.length; j++) show(whens[j].getAttribute('data-when'), !whens[j].hidden);
        voted = !!froot.querySelector('[data-when="voted"]:not([hidden])');
        var fresh = froot.querySelector('[data-floor-cmd]');
        var cmd = root.querySelector('[data-floor-cmd]');
        if (fresh && cmd) {
          cmd.value = fresh.value;
          var b = cmd.form.querySelector('button');
          b.textContent = b.getAttribute(fresh.value === 'END_SPEECH' ? 'data-end' : 'data-start');
        }
        tick();
      })
      .catch(function () {});
  }

  var es = new EventSource('/api/v1/meetings/' + id + '/events');
  var lost = false;
  es.addEventListener('error', function () { lost = true; });
  es.addEventListener('open', function () {
    if (lost) { lost = false; catchUp(); }
  });
  es.addEventListener('command', function (e) {
    var d;
    try { d = JSON.parse(e.data); } catch (err) { return; }
    if (d.seq && d.seq <= seq) return;
    seq = d.seq || seq;
    if (d.now) offset = d.now - Date.now() / 1000;
    if (view === 'chair') refetch();
    else if (!d.meeting) location.reload(); // a snapshot too large to send: read the page
    else draw(d);
  });
})();
