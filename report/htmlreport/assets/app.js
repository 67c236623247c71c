(function () {
  'use strict';
  var overview = document.getElementById('overview');
  var detail = document.getElementById('detail');
  var list = document.getElementById('families');
  var rows = list ? Array.prototype.slice.call(list.children) : [];
  var byId = new Map();
  var info = rows.map(function (r) {
    byId.set(r.dataset.id, r);
    var src = [];
    try { src = JSON.parse(r.dataset.src || '[]'); } catch (e) { src = []; }
    return {
      row: r,
      link: r.querySelector('a.open'),
      q: r.dataset.q || '',
      attr: r.dataset.attr || '',
      src: src,
      dates: (r.dataset.dates || '').split(' ').filter(Boolean)
    };
  });
  var state = { fam: null, pair: null, lastFam: null };

  // Filters.
  var q = document.getElementById('q');
  var fAttr = document.getElementById('f-attr');
  var fSrc = document.getElementById('f-src');
  var fFrom = document.getElementById('f-from');
  var fTo = document.getElementById('f-to');
  var count = document.getElementById('count');
  function applyFilters() {
    var words = q.value.toLowerCase().split(/\s+/).filter(Boolean);
    var a = fAttr.value, s = fSrc.value, from = fFrom.value, to = fTo.value;
    var shown = 0;
    info.forEach(function (it) {
      var ok = words.every(function (w) { return it.q.indexOf(w) >= 0; });
      if (ok && a === 'credited') ok = it.attr === 'all';
      if (ok && a === 'uncredited') ok = it.attr === 'none' || it.attr === 'some';
      if (ok && s) ok = it.src.indexOf(s) >= 0;
      if (ok && (from || to)) {
        ok = it.dates.some(function (d) { return (!from || d >= from) && (!to || d <= to); });
      }
      it.row.hidden = !ok;
      if (ok) shown++;
    });
    var noun = info.length === 1 ? ' family' : ' families';
    count.textContent = shown === info.length ? info.length + noun : shown + ' of ' + info.length + noun;
  }
  if (q) {
    [q, fAttr, fSrc, fFrom, fTo].forEach(function (el) {
      el.addEventListener(el === q ? 'input' : 'change', applyFilters);
    });
  }

  // Moving between families.
  function visible() {
    return info.filter(function (it) { return !it.row.hidden; });
  }
  function current() {
    var el = document.activeElement;
    var row = el && el.closest ? el.closest('li.fam') : null;
    return row || (state.lastFam && byId.get(state.lastFam)) || null;
  }
  function move(delta) {
    var vs = visible();
    if (!vs.length) return;
    var row = current();
    var i = -1;
    for (var k = 0; k < vs.length; k++) if (vs[k].row === row) i = k;
    var j = i < 0 ? (delta > 0 ? 0 : vs.length - 1) : Math.min(vs.length - 1, Math.max(0, i + delta));
    vs[j].link.focus();
    vs[j].row.scrollIntoView({ block: 'nearest' });
  }
  function step(delta) { // from an open family to the next one shown
    var vs = visible();
    var i = -1;
    for (var k = 0; k < vs.length; k++) if (vs[k].row.dataset.id === state.fam) i = k;
    var j = i + delta;
    if (i < 0 || j < 0 || j >= vs.length) return;
    go(vs[j].link.getAttribute('href'));
  }
  function go(href) {
    if (href.charAt(0) === '#') location.hash = href; else location.href = href;
  }

  // Views.
  function route() {
    var params = new URLSearchParams(location.hash.replace(/^#/, ''));
    var f = params.get('f');
    if (f === null && document.body.dataset.open) f = document.body.dataset.open;
    var row = f === null ? null : byId.get(f);
    if (!row || !document.getElementById('tf-' + row.dataset.i)) {
      closeFamily();
      return;
    }
    openFamily(f, row);
    var p = params.get('p');
    if (p !== null && document.getElementById('tp-' + row.dataset.i + '-' + p)) openPair(row, p); else closePair();
  }
  function openFamily(id, row) {
    if (state.fam === id) return;
    var tpl = document.getElementById('tf-' + row.dataset.i);
    detail.replaceChildren(document.importNode(tpl.content, true));
    state.fam = id;
    state.lastFam = id;
    state.pair = null;
    overview.hidden = true;
    detail.hidden = false;
    window.scrollTo(0, 0);
    var h = detail.querySelector('.fam-title');
    if (h) h.focus({ preventScroll: true });
  }
  function closeFamily() {
    if (state.fam === null) {
      detail.hidden = true;
      return;
    }
    var was = state.fam;
    state.fam = null;
    state.pair = null;
    detail.hidden = true;
    detail.replaceChildren();
    overview.hidden = false;
    var row = byId.get(was);
    if (row) {
      var a = row.querySelector('a.open');
      a.focus({ preventScroll: true });
      row.scrollIntoView({ block: 'center' });
    }
  }
  function openPair(row, p) {
    if (state.pair === p) return;
    var area = detail.querySelector('.pair-area');
    var tpl = document.getElementById('tp-' + row.dataset.i + '-' + p);
    area.replaceChildren(document.importNode(tpl.content, true));
    state.pair = p;
    detail.querySelectorAll('.edge').forEach(function (e) { e.classList.toggle('current', e.dataset.e === p); });
    var h = area.querySelector('.pair-title');
    area.scrollIntoView({ block: 'start' });
    if (h) h.focus({ preventScroll: true });
  }
  function closePair() {
    if (state.pair === null) return;
    var p = state.pair;
    state.pair = null;
    var area = detail.querySelector('.pair-area');
    if (area) area.replaceChildren();
    var edge = detail.querySelector('.edge[data-e="' + p + '"] .pairlink');
    if (edge) {
      edge.focus({ preventScroll: true });
      edge.scrollIntoView({ block: 'center' });
    }
  }
  // back closes the pair, or else the family, at once (a key pressed
  // before the address's change is handled sees the view closed), and
  // puts the address of what is left in the history.
  function back() {
    if (state.pair !== null) {
      location.hash = 'f=' + encodeURIComponent(state.fam);
      closePair();
      return;
    }
    var b = document.body.dataset.back;
    if (b && b !== '#') {
      location.href = b;
      return;
    }
    location.hash = ''; // scrolls to the top, before the row is shown
    closeFamily();
  }

  // Passages: one side's passage shows the other's.
  var flashTimer = 0;
  function showPassage(el) {
    var box = el.closest('.text');
    box.scrollTop = Math.max(0, el.offsetTop - box.clientHeight / 4);
    var r = box.getBoundingClientRect();
    if (r.top < 0 || r.bottom > window.innerHeight) box.scrollIntoView({ block: 'nearest' });
  }
  function counterpart(el) {
    var pair = el.closest('.pair');
    var side = el.closest('.side');
    if (!pair || !side) return null;
    var other = side.dataset.side === 'a' ? 'b' : 'a';
    return pair.querySelector('.side[data-side="' + other + '"] .psg[data-p="' + el.dataset.p + '"]');
  }
  function mark(els) {
    detail.querySelectorAll('.psg.current, .psg.flash').forEach(function (x) { x.classList.remove('current', 'flash'); });
    els.forEach(function (x) { x.classList.add('current', 'flash'); });
    clearTimeout(flashTimer);
    flashTimer = setTimeout(function () { els.forEach(function (x) { x.classList.remove('flash'); }); }, 1200);
  }
  function jump(el) {
    var t = counterpart(el);
    if (!t) return;
    showPassage(t);
    mark([el, t]);
    t.focus({ preventScroll: true });
  }
  function gotoPassage(pair, p) {
    var els = Array.prototype.slice.call(pair.querySelectorAll('.side .psg[data-p="' + p + '"]'));
    els.forEach(showPassage);
    mark(els);
    if (els.length) els[0].focus({ preventScroll: true });
  }
  function nextPassage(delta) {
    var el = document.activeElement;
    var side = el && el.closest ? el.closest('.side') : null;
    if (!side) side = detail.querySelector('.pair .side[data-side="b"]');
    if (!side) return;
    var ps = Array.prototype.slice.call(side.querySelectorAll('.psg'));
    if (!ps.length) return;
    var i = ps.indexOf(el);
    var j = i < 0 ? (delta > 0 ? 0 : ps.length - 1) : Math.min(ps.length - 1, Math.max(0, i + delta));
    showPassage(ps[j]);
    ps[j].focus({ preventScroll: true });
  }
  detail.addEventListener('click', function (e) {
    var t = e.target;
    var b = t.closest('button[data-goto]');
    if (b) {
      gotoPassage(b.closest('.pair'), b.dataset.goto);
      return;
    }
    var p = t.closest('.psg');
    if (p) jump(p);
  });

  // Keys.
  document.addEventListener('keydown', function (e) {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    var t = e.target;
    var typing = t && (t.tagName === 'INPUT' || t.tagName === 'SELECT' || t.tagName === 'TEXTAREA' || t.isContentEditable);
    if (e.key === 'Escape') {
      if (typing && t === q && q.value) return; // the search box clears itself
      if (state.fam !== null) {
        e.preventDefault();
        back();
      } else if (typing) {
        t.blur();
        move(1);
      }
      return;
    }
    if (typing && t === q && (e.key === 'Enter' || e.key === 'ArrowDown')) {
      var vs = visible();
      if (vs.length) {
        e.preventDefault();
        vs[0].link.focus();
        vs[0].row.scrollIntoView({ block: 'nearest' });
      }
      return;
    }
    if (typing) return;
    if (state.fam === null) {
      if (e.key === 'j' || e.key === 'ArrowDown') { e.preventDefault(); move(1); }
      else if (e.key === 'k' || e.key === 'ArrowUp') { e.preventDefault(); move(-1); }
      else if (e.key === '/' && q) { e.preventDefault(); q.focus(); }
      return;
    }
    if (e.key === 'j') { e.preventDefault(); step(1); }
    else if (e.key === 'k') { e.preventDefault(); step(-1); }
    else if (e.key === 'n' && state.pair !== null) { e.preventDefault(); nextPassage(1); }
    else if (e.key === 'p' && state.pair !== null) { e.preventDefault(); nextPassage(-1); }
    else if ((e.key === 'Enter' || e.key === ' ') && t.classList && t.classList.contains('psg')) { e.preventDefault(); jump(t); }
  });

  // The script comes before the families' templates, so that the overview
  // works while a large page still loads; a view named in the address
  // opens once they are all there.
  window.__ready = performance.now();
  window.addEventListener('hashchange', route);
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', route);
  } else {
    route();
  }
})();
