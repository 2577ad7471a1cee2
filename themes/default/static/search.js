/*
 * gongkai search page. Reads the index under search/ (built by src/publish/search/) and shows
 * the results of the query in the page's address (?q=…&year=…&region=…&kind=…&page=…).
 * No dependencies, nothing loaded from outside, no eval, no HTML parsing: results are built as
 * DOM nodes with textContent. The index files are scripts that call gongkaiSearchData(name,
 * data), so search also works from the file system. The tokenizer and the hash must stay the
 * same as src/publish/search/tokens.rs and postings.rs.
 */
(function () {
  'use strict';

  var app = document.getElementById('search-app');
  var form = document.getElementById('search-form');
  if (!app || !form) {
    return;
  }
  var PER_PAGE = 20;
  var MAX_WORD_BYTES = 40;
  var MAX_QUERY_TOKENS = 12;
  var ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz!#$()*+,.;?@';
  var DIGIT = {};
  for (var d = 0; d < ALPHABET.length; d++) {
    DIGIT[ALPHABET.charAt(d)] = d;
  }
  var root = app.getAttribute('data-root') || '';
  var indexBase = app.getAttribute('data-index') || root + 'search/';
  var metaUrl = app.getAttribute('data-meta');
  var status = document.getElementById('search-status');
  var list = document.getElementById('search-results');
  var pager = document.getElementById('search-pages');
  var baseTitle = document.title;

  function text(key) {
    return app.getAttribute('data-' + key) || '';
  }

  function fill(template, args) {
    return template.replace(/\{(\w+)\}/g, function (m, k) {
      return Object.prototype.hasOwnProperty.call(args, k) ? String(args[k]) : m;
    });
  }

  /* ---------- tokens (same as tokens.rs) ---------- */

  var wordTest;
  try {
    wordTest = new RegExp('[\\p{Alphabetic}\\p{N}]', 'u');
  } catch (e) {
    wordTest = /[0-9A-Za-z\u00AA\u00B2\u00B3\u00B5\u00B9\u00BA\u00BC-\u00BE\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02C1\u0370-\u03FF\u0400-\u052F\u0620-\u064A\u0660-\u0669\u066E-\u06D3\u06D5\u06E5\u06E6\u06EE-\u06FC\u1800-\u18AA]/;
  }

  function isCjk(cp) {
    return (cp >= 0x3040 && cp <= 0x30ff) || (cp >= 0x3400 && cp <= 0x4dbf) ||
      (cp >= 0x4e00 && cp <= 0x9fff) || (cp >= 0xac00 && cp <= 0xd7af) ||
      (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0x20000 && cp <= 0x3ffff);
  }

  function isMark(cp) {
    return (cp >= 0x300 && cp <= 0x36f) || (cp >= 0x610 && cp <= 0x61a) ||
      (cp >= 0x64b && cp <= 0x65f) || cp === 0x670 || (cp >= 0x6d6 && cp <= 0x6ed);
  }

  function fold(cp) {
    if (cp >= 0xff01 && cp <= 0xff5e) {
      return cp - 0xfee0;
    }
    return cp === 0x3000 ? 32 : cp;
  }

  function utf8(s) {
    var out = [];
    for (var i = 0; i < s.length; i++) {
      var cp = s.codePointAt(i);
      if (cp > 0xffff) {
        i++;
      }
      if (cp < 0x80) {
        out.push(cp);
      } else if (cp < 0x800) {
        out.push(0xc0 | (cp >> 6), 0x80 | (cp & 63));
      } else if (cp < 0x10000) {
        out.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
      } else {
        out.push(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 63), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
      }
    }
    return out;
  }

  /* Runs of the text: {cjk: [chars]} or {word: 'lowercased'}. */
  function runs(s) {
    var out = [];
    var cjk = [];
    var word = '';
    function flushCjk() {
      if (cjk.length) {
        out.push({ cjk: cjk });
        cjk = [];
      }
    }
    function flushWord() {
      if (word) {
        if (utf8(word).length <= MAX_WORD_BYTES) {
          out.push({ word: word });
        }
        word = '';
      }
    }
    for (var i = 0; i < s.length; i++) {
      var cp = s.codePointAt(i);
      if (cp > 0xffff) {
        i++;
      }
      cp = fold(cp);
      var ch = String.fromCodePoint(cp);
      if (isCjk(cp)) {
        flushWord();
        cjk.push(ch);
      } else if (wordTest.test(ch) || isMark(cp)) {
        flushCjk();
        word += ch.toLowerCase();
      } else {
        flushCjk();
        flushWord();
      }
    }
    flushCjk();
    flushWord();
    return out;
  }

  function dedup(v) {
    var out = [];
    v.forEach(function (t) {
      if (out.indexOf(t) < 0) {
        out.push(t);
      }
    });
    return out;
  }

  function queryTokens(q) {
    var all = [];
    var covering = [];
    runs(q).forEach(function (r) {
      if (r.word) {
        all.push(r.word);
        covering.push(r.word);
      } else if (r.cjk.length === 1) {
        all.push(r.cjk[0]);
        covering.push(r.cjk[0]);
      } else {
        var c = r.cjk;
        for (var n = 0; n + 1 < c.length; n++) {
          all.push(c[n] + c[n + 1]);
        }
        for (n = 0; n + 2 < c.length; n += 2) {
          covering.push(c[n] + c[n + 1]);
        }
        covering.push(c[c.length - 2] + c[c.length - 1]);
      }
    });
    var tokens = dedup(all);
    if (tokens.length > MAX_QUERY_TOKENS) {
      tokens = dedup(covering).slice(0, MAX_QUERY_TOKENS);
    }
    return tokens;
  }

  /* ---------- index files (same as postings.rs) ---------- */

  function fnv1a(s) {
    var h = 0x811c9dc5;
    utf8(s).forEach(function (b) {
      h = Math.imul(h ^ b, 0x01000193) >>> 0;
    });
    return h >>> 0;
  }

  function decode(s) {
    var out = [];
    if (!s) {
      return out;
    }
    var i;
    if (s.charAt(0) === '=') {
      var n = 0;
      var prev = -1;
      for (i = 1; i < s.length; i++) {
        var v = DIGIT[s.charAt(i)];
        n = n * 32 + (v & 31);
        if (v < 32) {
          prev += n + 1;
          out.push(prev);
          n = 0;
        }
      }
    } else if (s.charAt(0) === '~') {
      for (i = 1; i < s.length; i++) {
        var bits = DIGIT[s.charAt(i)];
        for (var b = 0; b < 6; b++) {
          if (bits & (1 << b)) {
            out.push((i - 1) * 6 + b);
          }
        }
      }
    }
    return out;
  }

  var pending = {};
  window.gongkaiSearchData = function (name, data) {
    var entry = pending[name];
    if (entry && !entry.done) {
      entry.done = true;
      entry.resolve(data);
    }
  };

  function load(name, url) {
    if (pending[name]) {
      return pending[name].promise;
    }
    var entry = { done: false };
    entry.promise = new Promise(function (resolve, reject) {
      entry.resolve = resolve;
      var s = document.createElement('script');
      s.src = url;
      s.async = true;
      s.onload = function () {
        if (!entry.done) {
          delete pending[name];
          reject(new Error('no data in ' + name));
        }
      };
      s.onerror = function () {
        delete pending[name];
        reject(new Error('cannot load ' + name));
      };
      document.head.appendChild(s);
    });
    pending[name] = entry;
    return entry.promise;
  }

  var meta = null;
  var groups = null;
  var shardCache = {};
  var chunkCache = {};

  function loadMeta() {
    return load('meta', metaUrl).then(function (m) {
      if (!meta) {
        meta = m;
        groups = { start: [], region: [], year: [], kind: [] };
        var at = 0;
        for (var g = 0; g < m.groupRuns.length; g += 4) {
          groups.start.push(at);
          groups.region.push(m.groupRuns[g + 1]);
          groups.year.push(m.groupRuns[g + 2]);
          groups.kind.push(m.groupRuns[g + 3]);
          at += m.groupRuns[g];
        }
      }
      return meta;
    });
  }

  function dataUrl(name) {
    return indexBase + name + '.js?v=' + meta.indexVersion;
  }

  function shard(token) {
    var n = (fnv1a(token) & (meta.shardCount - 1)).toString(16);
    if (shardCache[n]) {
      return Promise.resolve(shardCache[n]);
    }
    return load('shards/' + n, dataUrl('shards/' + n)).then(function (data) {
      var map = {};
      data.split('\n').forEach(function (line) {
        var f = line.split('\t');
        map[f[0]] = [f[1] || '', f[2] || ''];
      });
      shardCache[n] = map;
      return map;
    });
  }

  function chunk(n) {
    if (chunkCache[n]) {
      return Promise.resolve(chunkCache[n]);
    }
    return load('docs/' + n, dataUrl('docs/' + n)).then(function (data) {
      var docs = data.split('\n').map(function (line) {
        var f = line.split('\t');
        return { title: f[0], url: f[1], unit: f[2], facts: f[3], excerpt: f[4], withheld: f[5] };
      });
      chunkCache[n] = docs;
      return docs;
    });
  }

  function groupOf(id) {
    var lo = 0;
    var hi = groups.start.length - 1;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (groups.start[mid] <= id) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return lo;
  }

  /* ---------- searching ---------- */

  /* Documents holding every token, with their scores (3 for a title hit, 1 for another). */
  function match(tokens) {
    var total = meta.docCount;
    if (!tokens.length) {
      var every = [];
      for (var i = 0; i < total; i++) {
        every.push(i);
      }
      return Promise.resolve({ ids: every, score: new Uint16Array(total) });
    }
    return Promise.all(tokens.map(shard)).then(function (maps) {
      var hits = new Uint8Array(total);
      var score = new Uint16Array(total);
      var first = [];
      tokens.forEach(function (t, k) {
        var entry = maps[k][t] || ['', ''];
        [3, 1].forEach(function (weight, w) {
          decode(entry[w]).forEach(function (id) {
            if (hits[id] === k) {
              hits[id] = k + 1;
              score[id] += weight;
              if (k === 0) {
                first.push(id);
              }
            }
          });
        });
      });
      var ids = first.filter(function (id) {
        return hits[id] === tokens.length;
      });
      return { ids: ids, score: score };
    });
  }

  /* Apply the filters; count each filter's choices under the other filters. */
  function filter(found, want) {
    var counts = { year: {}, region: {}, kind: {} };
    var kept = [];
    found.ids.forEach(function (id) {
      var g = groupOf(id);
      var is = {
        year: !want.year || String(groups.year[g]) === want.year,
        region: !want.region || meta.regionList[groups.region[g]][0] === want.region,
        kind: !want.kind || meta.kindList[groups.kind[g]][0] === want.kind
      };
      var values = {
        year: String(groups.year[g]),
        region: meta.regionList[groups.region[g]][0],
        kind: meta.kindList[groups.kind[g]][0]
      };
      ['year', 'region', 'kind'].forEach(function (f) {
        var others = ['year', 'region', 'kind'].every(function (o) {
          return o === f || is[o];
        });
        if (others) {
          counts[f][values[f]] = (counts[f][values[f]] || 0) + 1;
        }
      });
      if (is.year && is.region && is.kind) {
        kept.push(id);
      }
    });
    kept.sort(function (a, b) {
      return found.score[b] - found.score[a] || a - b;
    });
    return { ids: kept, counts: counts };
  }

  /* ---------- showing ---------- */

  function normalized(s) {
    var out = '';
    for (var i = 0; i < s.length; i++) {
      var c = s.charAt(i);
      var code = s.charCodeAt(i);
      if (code >= 0xff01 && code <= 0xff5e) {
        c = String.fromCharCode(code - 0xfee0);
      } else if (code === 0x3000) {
        c = ' ';
      }
      var low = c.toLowerCase();
      out += low.length === c.length ? low : c;
    }
    return out;
  }

  /* Ranges [start, end) of the text where a term stands, merged. */
  function ranges(s, terms) {
    var norm = normalized(s);
    var found = [];
    terms.forEach(function (t) {
      var at = norm.indexOf(t);
      while (t && at >= 0) {
        found.push([at, at + t.length]);
        at = norm.indexOf(t, at + 1);
      }
    });
    found.sort(function (a, b) {
      return a[0] - b[0] || a[1] - b[1];
    });
    var merged = [];
    found.forEach(function (r) {
      var last = merged[merged.length - 1];
      if (last && r[0] <= last[1]) {
        last[1] = Math.max(last[1], r[1]);
      } else {
        merged.push([r[0], r[1]]);
      }
    });
    return merged;
  }

  /* Append the text to the element with each hit in a <mark>; `window` keeps only about that
     many characters around the first hit. */
  function marked(el, s, terms, window) {
    var rs = ranges(s, terms);
    var from = 0;
    var to = s.length;
    if (window && s.length > window) {
      var first = rs.length ? rs[0][0] : 0;
      from = Math.max(0, Math.min(first - Math.floor(window / 4), s.length - window));
      to = Math.min(s.length, from + window);
      if (from > 0 && /[\uDC00-\uDFFF]/.test(s.charAt(from))) {
        from++;
      }
      if (to < s.length && /[\uD800-\uDBFF]/.test(s.charAt(to - 1))) {
        to--;
      }
    }
    if (from > 0) {
      el.appendChild(document.createTextNode('…'));
    }
    var at = from;
    rs.forEach(function (r) {
      var a = Math.max(r[0], from);
      var b = Math.min(r[1], to);
      if (a >= b) {
        return;
      }
      if (a > at) {
        el.appendChild(document.createTextNode(s.slice(at, a)));
      }
      var m = document.createElement('mark');
      m.textContent = s.slice(a, b);
      el.appendChild(m);
      at = b;
    });
    if (at < to) {
      el.appendChild(document.createTextNode(s.slice(at, to)));
    }
    if (to < s.length && s.charAt(s.length - 1) !== '…') {
      el.appendChild(document.createTextNode('…'));
    }
    return el;
  }

  function node(tag, cls, textContent) {
    var el = document.createElement(tag);
    if (cls) {
      el.className = cls;
    }
    if (textContent) {
      el.textContent = textContent;
    }
    return el;
  }

  function result(id, doc, terms) {
    var g = groupOf(id);
    var li = node('li', 'search-result' + (doc.withheld ? ' search-result-withheld' : ''));
    var h = node('h2', 'search-result-title');
    var a = node('a');
    a.href = root + doc.url;
    marked(a, doc.title, terms);
    h.appendChild(a);
    li.appendChild(h);
    var info = node('p', 'search-result-meta');
    [meta.kindList[groups.kind[g]][1], meta.regionList[groups.region[g]][1],
      String(groups.year[g]) + text('year-suffix')].forEach(function (part, n) {
      if (n) {
        info.appendChild(node('span', 'sep', ' · '));
      }
      info.appendChild(node('span', '', part));
    });
    li.appendChild(info);
    if (doc.withheld) {
      var w = node('p', 'search-result-withheld-note');
      w.appendChild(node('span', 'withheld', text('withheld') + text('colon') + doc.withheld));
      li.appendChild(w);
    }
    if (doc.unit) {
      li.appendChild(marked(node('p', 'search-result-unit'), doc.unit, terms));
    }
    if (doc.facts) {
      li.appendChild(node('p', 'search-result-facts', doc.facts));
    }
    if (doc.excerpt) {
      li.appendChild(marked(node('p', 'search-result-snippet'), doc.excerpt, terms, 110));
    }
    return li;
  }

  function clear(el) {
    while (el.firstChild) {
      el.removeChild(el.firstChild);
    }
  }

  function say(message, link) {
    clear(status);
    status.appendChild(document.createTextNode(message));
    if (link) {
      status.appendChild(document.createTextNode(' '));
      var a = node('a', '', link.text);
      a.href = link.href;
      status.appendChild(a);
      status.appendChild(document.createTextNode(text('period')));
    }
  }

  function pageHref(state, page) {
    var p = params(state);
    if (page > 1) {
      p.push(['page', String(page)]);
    }
    return '?' + p.map(function (kv) {
      return encodeURIComponent(kv[0]) + '=' + encodeURIComponent(kv[1]);
    }).join('&');
  }

  function pages(state, total) {
    clear(pager);
    var count = Math.ceil(total / PER_PAGE);
    if (count <= 1) {
      return;
    }
    if (state.page > 1) {
      var prev = node('a', 'button', text('prev'));
      prev.href = pageHref(state, state.page - 1);
      prev.rel = 'prev';
      pager.appendChild(prev);
    }
    pager.appendChild(node('span', 'search-page-of', fill(text('page-of'), { page: state.page, pages: count })));
    if (state.page < count) {
      var next = node('a', 'button', text('next'));
      next.href = pageHref(state, state.page + 1);
      next.rel = 'next';
      pager.appendChild(next);
    }
  }

  function updateCounts(counts) {
    ['year', 'region', 'kind'].forEach(function (f) {
      var select = form.elements[f];
      if (!select) {
        return;
      }
      Array.prototype.forEach.call(select.options, function (o) {
        if (!o.hasAttribute('data-label')) {
          o.setAttribute('data-label', o.textContent);
        }
        var label = o.getAttribute('data-label');
        o.textContent = o.value && counts ? label + ' (' + (counts[f][o.value] || 0) + ')' : label;
      });
    });
  }

  /* ---------- the page's state ---------- */

  function readState() {
    var p = new URLSearchParams(window.location.search);
    var page = parseInt(p.get('page') || '1', 10);
    return {
      q: (p.get('q') || '').trim(),
      year: p.get('year') || '',
      region: p.get('region') || '',
      kind: p.get('kind') || '',
      page: page > 0 ? page : 1
    };
  }

  function params(state) {
    return ['q', 'year', 'region', 'kind'].filter(function (k) {
      return state[k];
    }).map(function (k) {
      return [k, state[k]];
    });
  }

  function showForm(state) {
    ['q', 'year', 'region', 'kind'].forEach(function (k) {
      if (form.elements[k]) {
        form.elements[k].value = state[k];
      }
    });
  }

  var runId = 0;

  function run() {
    var state = readState();
    var mine = ++runId;
    showForm(state);
    clear(list);
    clear(pager);
    document.title = state.q ? '“' + state.q + '” - ' + baseTitle : baseTitle;
    var filtered = state.year || state.region || state.kind;
    var tokens = queryTokens(state.q);
    if (!tokens.length && !filtered) {
      updateCounts(null);
      say(text('prompt'));
      return Promise.resolve();
    }
    say(text('loading'));
    var shown;
    return loadMeta().then(function () {
      return match(tokens);
    }).then(function (found) {
      shown = filter(found, state);
      state.page = Math.min(state.page, Math.max(1, Math.ceil(shown.ids.length / PER_PAGE)));
      var start = (state.page - 1) * PER_PAGE;
      var ids = shown.ids.slice(start, start + PER_PAGE);
      var chunks = dedup(ids.map(function (id) {
        return Math.floor(id / meta.chunkSize);
      }));
      return Promise.all(chunks.map(chunk)).then(function () {
        return { ids: ids, start: start };
      });
    }).then(function (page) {
      if (mine !== runId) {
        return;
      }
      updateCounts(shown.counts);
      var total = shown.ids.length;
      if (!total) {
        say(fill(text('none'), { query: state.q || '' }) + ' ' + text('none-hint'),
          { text: text('withheld-link'), href: root + 'withheld/' });
        return;
      }
      var terms = tokens.slice();
      runs(state.q).forEach(function (r) {
        terms.push(r.word ? r.word : r.cjk.join(''));
      });
      say(fill(text('count-range'), { total: total, from: page.start + 1, to: page.start + page.ids.length }));
      page.ids.forEach(function (id) {
        var doc = chunkCache[Math.floor(id / meta.chunkSize)][id % meta.chunkSize];
        list.appendChild(result(id, doc, dedup(terms)));
      });
      pages(state, total);
    }).catch(function () {
      if (mine === runId) {
        say(text('error'));
      }
    });
  }

  form.addEventListener('submit', function (event) {
    if (!window.history || !window.history.pushState) {
      return;
    }
    event.preventDefault();
    var state = { page: 1 };
    ['q', 'year', 'region', 'kind'].forEach(function (k) {
      state[k] = form.elements[k] ? form.elements[k].value.trim() : '';
    });
    window.history.pushState(null, '', pageHref(state, 1));
    run();
  });
  ['year', 'region', 'kind'].forEach(function (k) {
    if (form.elements[k]) {
      form.elements[k].addEventListener('change', function () {
        if (form.requestSubmit) {
          form.requestSubmit();
        } else {
          form.dispatchEvent(new Event('submit', { cancelable: true }));
        }
      });
    }
  });
  window.addEventListener('popstate', run);
  app.hidden = false;
  run();
})();
