/*
 * gongkai default theme: reader preferences and table enhancements.
 *
 * Everything here is an enhancement: without JavaScript every page reads in full, lists are
 * sorted and filtered through their server-rendered views, and the reading-aid checkboxes
 * style the page through CSS. Loaded in <head> without defer, so a remembered preference (larger text, high
 * contrast) is applied before the page is drawn. No network access, no dependencies.
 */
(function () {
  'use strict';

  var KEY = 'gongkai-prefs';
  var PREFS = ['large-text', 'high-contrast'];
  var root = document.documentElement;

  function load() {
    try {
      var v = JSON.parse(window.localStorage.getItem(KEY) || '[]');
      return Array.isArray(v) ? v.filter(function (p) { return PREFS.indexOf(p) >= 0; }) : [];
    } catch (e) {
      return [];
    }
  }

  function save(list) {
    try {
      window.localStorage.setItem(KEY, JSON.stringify(list));
    } catch (e) {
      /* storage may be disabled: the choice then lasts for this page only */
    }
  }

  load().forEach(function (p) { root.classList.add(p); });
  root.classList.add('js');

  // The reading aids are checkboxes that work through CSS without a script; here a choice
  // also sets the class on <html> and is kept for the next pages.
  function setupPrefs() {
    Array.prototype.forEach.call(document.querySelectorAll('.prefs input[data-pref]'), function (box) {
      var p = box.getAttribute('data-pref');
      box.checked = root.classList.contains(p);
      box.addEventListener('change', function () {
        root.classList.toggle(p, box.checked);
        var list = load().filter(function (x) { return x !== p; });
        if (box.checked) list.push(p);
        save(list);
        markScrollers();
      });
    });
  }

  // A table's wrapper is a tab stop only while it scrolls sideways, so a keyboard can scroll
  // it; one that fits is not.
  function markScrollers() {
    Array.prototype.forEach.call(document.querySelectorAll('.table-wrap'), function (w) {
      if (w.scrollWidth > w.clientWidth + 1) {
        w.setAttribute('tabindex', '0');
      } else {
        w.removeAttribute('tabindex');
      }
    });
  }

  var collator = window.Intl && Intl.Collator ? new Intl.Collator(root.lang || undefined, { numeric: true }) : null;

  function compare(a, b, numeric) {
    if (a === null && b === null) return 0;
    if (a === null) return 1;
    if (b === null) return -1;
    if (numeric) return Number(a) - Number(b);
    return collator ? collator.compare(a, b) : (a < b ? -1 : a > b ? 1 : 0);
  }

  function keyOf(row, col) {
    var cell = row.cells[col];
    if (!cell) return null;
    var v = cell.getAttribute('data-sort');
    return v === null || v === '' ? null : v;
  }

  function sortTable(table, col, th, status) {
    var tbody = table.tBodies[0];
    var numeric = th.classList.contains('num');
    var dir = th.getAttribute('aria-sort') === 'ascending' ? 'descending' : 'ascending';
    var rows = Array.prototype.slice.call(tbody.rows);
    var records = rows.filter(function (r) { return !r.classList.contains('stub-row'); });
    var stubs = rows.filter(function (r) { return r.classList.contains('stub-row'); });
    var indexed = records.map(function (r, i) { return { r: r, i: i, k: keyOf(r, col) }; });
    indexed.sort(function (a, b) {
      if (a.k === null || b.k === null) return compare(a.k, b.k, numeric) || a.i - b.i;
      var c = compare(a.k, b.k, numeric);
      return (dir === 'ascending' ? c : -c) || a.i - b.i;
    });
    indexed.forEach(function (x) { tbody.appendChild(x.r); });
    stubs.forEach(function (r) { tbody.appendChild(r); });
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (h) { h.removeAttribute('aria-sort'); });
    th.setAttribute('aria-sort', dir);
    var word = root.getAttribute(dir === 'ascending' ? 'data-sort-asc' : 'data-sort-desc') || dir;
    status.textContent = th.textContent.trim() + ' ' + word;
  }

  function setupTable(table, n) {
    var head = table.tHead && table.tHead.rows[0];
    var body = table.tBodies[0];
    if (!head || !body) return;
    var wrap = table.closest('.table-wrap') || table;
    var status = document.createElement('p');
    status.className = 'visually-hidden';
    status.setAttribute('aria-live', 'polite');
    wrap.parentNode.insertBefore(status, wrap.nextSibling);
    Array.prototype.forEach.call(head.cells, function (th, col) {
      var b = document.createElement('button');
      b.type = 'button';
      b.className = 'sort-button';
      b.title = root.getAttribute('data-sort-label') || '';
      while (th.firstChild) b.appendChild(th.firstChild);
      th.appendChild(b);
      b.addEventListener('click', function () { sortTable(table, col, th, status); });
    });
    if (body.rows.length < 6) return;
    var box = document.createElement('div');
    box.className = 'table-filter';
    var id = 'table-filter-' + n;
    var label = document.createElement('label');
    label.htmlFor = id;
    label.textContent = root.getAttribute('data-filter-label') || '';
    var input = document.createElement('input');
    input.type = 'search';
    input.id = id;
    var count = document.createElement('span');
    count.className = 'table-filter-count';
    count.setAttribute('aria-live', 'polite');
    box.appendChild(label);
    box.appendChild(input);
    box.appendChild(count);
    wrap.parentNode.insertBefore(box, wrap);
    var template = root.getAttribute('data-filter-count') || '{shown}/{total}';
    input.addEventListener('input', function () {
      var q = input.value.trim().toLowerCase();
      var shown = 0;
      Array.prototype.forEach.call(body.rows, function (r) {
        var hit = !q || r.textContent.toLowerCase().indexOf(q) >= 0;
        r.hidden = !hit;
        if (hit) shown += 1;
      });
      count.textContent = q ? template.replace('{shown}', shown).replace('{total}', body.rows.length) : '';
    });
  }

  function ready() {
    setupPrefs();
    Array.prototype.forEach.call(document.querySelectorAll('table[data-sortable]'), setupTable);
    markScrollers();
    var timer = null;
    window.addEventListener('resize', function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(markScrollers, 150);
    });
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', ready);
  } else {
    ready();
  }
})();
