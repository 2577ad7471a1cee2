/*
 * gongkai search page. Reads the index under search/ (built by src/format/search/) and shows
 * the results of the query in the page's address (?q=…&year=…&region=…&kind=…&page=…).
 * No dependencies, nothing loaded from outside, no eval, no HTML parsing: results are built as
 * DOM nodes with textContent. The index files are scripts that call gongkaiSearchData(name,
 * data), so search also works from the file system. The tokenizer, the hash and the number
 * encodings must stay the same as src/format/search/tokens.rs and postings.rs.
 *
 * A query finds the documents holding all its words (synonyms are in the index); failing
 * that, its synonym variants; failing that, the documents holding at least half of its words,
 * with a suggestion where to split it. Results are cards, one per project: a card is led by
 * the best of its project's documents and lists the project's records.
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

  /* A number's trailing zeros after the point dropped (1162.10 is 1162.1, 2.00 is 2). */
  function trimNumber(w) {
    if (w.indexOf('.') >= 0 && /^[0-9.]+$/.test(w)) {
      w = w.replace(/0+$/, '').replace(/\.$/, '');
    }
    return w;
  }

  /* Inside a number, an ASCII comma before exactly three digits is dropped ('') and a point
     before a digit kept ('.'); null: the character separates words. */
  function numberMark(word, raw, cps, n) {
    if (!word || !/^[0-9]+$/.test(word)) {
      return null;
    }
    var digits = function (k) {
      var c = 0;
      for (var j = n + 1; j <= n + k && j < cps.length; j++) {
        var f = fold(cps[j]);
        if (f >= 48 && f <= 57) {
          c++;
        }
      }
      return c;
    };
    if (raw === 0x2c && digits(3) === 3 && digits(4) === 3) {
      return '';
    }
    if ((raw === 0x2e || raw === 0xff0e) && digits(1) === 1) {
      return '.';
    }
    return null;
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
        word = trimNumber(word);
        if (utf8(word).length <= MAX_WORD_BYTES) {
          out.push({ word: word });
        }
        word = '';
      }
    }
    var cps = [];
    for (var i = 0; i < s.length; i++) {
      var c0 = s.codePointAt(i);
      if (c0 > 0xffff) {
        i++;
      }
      cps.push(c0);
    }
    for (var n = 0; n < cps.length; n++) {
      var cp = fold(cps[n]);
      var ch = String.fromCodePoint(cp);
      var mark;
      if (isCjk(cp)) {
        flushWord();
        cjk.push(ch);
      } else if (wordTest.test(ch) || isMark(cp)) {
        flushCjk();
        word += ch.toLowerCase();
      } else if ((mark = numberMark(word, cps[n], cps, n)) !== null) {
        word += mark;
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

  /* Numbers written as postings.rs's varints: base-32 digits, high first; a character from
     the upper half of the alphabet means more digits follow. */
  function varints(s) {
    var out = [];
    var n = 0;
    for (var i = 0; i < s.length; i++) {
      var v = DIGIT[s.charAt(i)];
      n = n * 32 + (v & 31);
      if (v < 32) {
        out.push(n);
        n = 0;
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
        var r = varints(m.groupRuns);
        for (var g = 0; g + 3 < r.length; g += 4) {
          groups.start.push(at);
          groups.region.push(r[g + 1]);
          groups.year.push(m.yearList[r[g + 2]]);
          groups.kind.push(r[g + 3]);
          at += r[g];
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
        return {
          title: f[0], url: f[1], unit: f[2], facts: f[3], excerpt: f[4], withheld: f[5],
          siblings: decode(f[6] || ''), slugs: (f[7] || '').split(',')
        };
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

  var MAX_VARIANTS = 8;

  /* The query and its variants under the synonym table, to mark what a document was found by
     (the index holds each document under the synonyms of its words already): in each variant
     the longest term of a group it holds is replaced by each other term of the group. */
  function variants(q) {
    var out = [q];
    (meta.synonyms || []).forEach(function (group) {
      var more = [];
      out.forEach(function (v) {
        var norm = normalized(v);
        var term = null;
        group.forEach(function (t) {
          if (norm.indexOf(normalized(t)) >= 0 && (!term || t.length > term.length)) {
            term = t;
          }
        });
        if (!term) {
          return;
        }
        var at = norm.indexOf(normalized(term));
        group.forEach(function (other) {
          if (other !== term) {
            more.push(v.slice(0, at) + other + v.slice(at + term.length));
          }
        });
      });
      more.forEach(function (v) {
        if (out.indexOf(v) < 0 && out.length < MAX_VARIANTS) {
          out.push(v);
        }
      });
    });
    return out;
  }

  /* The shard entries of every token of the lists, by token. */
  function lookup(lists) {
    var all = dedup([].concat.apply([], lists));
    return Promise.all(all.map(shard)).then(function (maps) {
      var entries = {};
      all.forEach(function (t, k) {
        entries[t] = maps[k][t] || ['', ''];
      });
      return entries;
    });
  }

  /* Documents found by the query: with every token (`full`), else (`partial`) with at least
     half of them; each with its rank: the share of tokens found (for a
     partial match), then how much of the query the title holds, then the newest year, then a
     stable mix of the document's number (not the alphabetical order of bodies). */
  function match(q) {
    var total = meta.docCount;
    var rank = new Float64Array(total);
    if (!queryTokens(q).length) {
      var every = [];
      for (var i = 0; i < total; i++) {
        every.push(i);
      }
      return Promise.resolve({ ids: every, rank: rank, full: true, browse: true, entries: {} });
    }
    var own = [queryTokens(q)];
    return lookup(own).then(function (entries) {
      var found = score(own, entries);
      var more = affordable(variants(q).slice(1).map(queryTokens));
      if (found.full || !more.length) {
        return found;
      }
      /* No document holds every word: try the query with its synonyms in place (the index
         holds each synonym alone; a variant also finds them within a longer phrase). */
      var lists = own.concat(more);
      return lookup(lists).then(function (all) {
        var withVariants = score(lists, all);
        withVariants.entries = entries;
        return withVariants;
      });
    });
  }

  /* The variants whose tokens together need at most MAX_EXTRA_SHARDS shards not loaded yet, in
     order, so that trying synonyms keeps a query light. */
  var MAX_EXTRA_SHARDS = 2;

  function affordable(lists) {
    var extra = {};
    return lists.filter(function (tokens) {
      var mine = {};
      tokens.forEach(function (t) {
        var n = (fnv1a(t) & (meta.shardCount - 1)).toString(16);
        if (!shardCache[n] && !extra[n]) {
          mine[n] = true;
        }
      });
      var names = Object.keys(mine);
      if (Object.keys(extra).length + names.length > MAX_EXTRA_SHARDS) {
        return false;
      }
      names.forEach(function (n) {
        extra[n] = true;
      });
      return true;
    });
  }

  /* Rank the documents holding at least half of the tokens of one of the lists; those holding
     every token of a list are `full` matches. */
  function score(lists, entries) {
    var total = meta.docCount;
    var full = [];
    var partial = [];
    var best = new Float64Array(total);
    var isFull = new Uint8Array(total);
    lists.forEach(function (tokens) {
      var found = new Uint8Array(total);
      var strong = new Uint8Array(total);
      var touched = [];
      tokens.forEach(function (t) {
        [0, 1].forEach(function (w) {
          decode(entries[t][w]).forEach(function (id) {
            if (!found[id]) {
              touched.push(id);
            }
            found[id]++;
            if (w === 0) {
              strong[id]++;
            }
          });
        });
      });
      var n = tokens.length;
      touched.forEach(function (id) {
        var all = found[id] === n;
        if (!all && found[id] * 2 < n) {
          return;
        }
        var quality = (found[id] / n) * 4 + (3 * strong[id] + found[id] - strong[id]) / (3 * n);
        if (all && !isFull[id]) {
          isFull[id] = 1;
          full.push(id);
          best[id] = quality;
        } else if (!isFull[id] && !best[id]) {
          partial.push(id);
        }
        best[id] = Math.max(best[id], quality);
      });
    });
    return { ids: full.length ? full : partial, rank: best, full: full.length > 0, entries: entries };
  }

  /* Where a query could be split: each bigram of the query that no document holds, as a
     space between its two characters ("供暖改造" → "供暖 改造"); empty if none. */
  function splitSuggestion(q, entries) {
    var changed = false;
    var parts = runs(q).map(function (r) {
      if (r.word) {
        return r.word;
      }
      var c = r.cjk;
      var out = c[0];
      for (var n = 1; n < c.length; n++) {
        var e = entries[c[n - 1] + c[n]];
        if (e && !e[0] && !e[1]) {
          out += ' ';
          changed = true;
        }
        out += c[n];
      }
      return out;
    });
    return changed ? parts.join(' ') : '';
  }

  /* A stable mix of a document's number, to break ties without favouring a body's name. */
  function mix(id) {
    return Math.imul(id ^ 0x5bd1e995, 0x27d4eb2d) >>> 0;
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
      if (found.browse) {
        return a - b;
      }
      return found.rank[b] - found.rank[a] || groups.year[groupOf(b)] - groups.year[groupOf(a)] ||
        mix(a) - mix(b) || a - b;
    });
    return { ids: kept, counts: counts };
  }

  function docOf(id) {
    return chunkCache[Math.floor(id / meta.chunkSize)][id % meta.chunkSize];
  }

  /* The cards of pages 1 to `page`: walking the ranked documents, each card is led by the best
     of its project's documents and takes the project's other found documents with it. Only the
     documents that lead a card (and their files) are loaded. */
  function cards(ids, page) {
    var want = page * PER_PAGE;
    var inSet = new Uint8Array(meta.docCount);
    ids.forEach(function (id) {
      inSet[id] = 1;
    });
    var taken = new Uint8Array(meta.docCount);
    var out = [];
    var at = 0;
    function step() {
      var batch = [];
      while (at < ids.length && batch.length < want - out.length) {
        if (!taken[ids[at]]) {
          batch.push(ids[at]);
        }
        at++;
      }
      if (!batch.length) {
        return Promise.resolve({ cards: out, more: false });
      }
      var files = dedup(batch.map(function (id) {
        return Math.floor(id / meta.chunkSize);
      }));
      return Promise.all(files.map(chunk)).then(function () {
        batch.forEach(function (id) {
          if (taken[id]) {
            return;
          }
          taken[id] = 1;
          var doc = docOf(id);
          var card = { id: id, doc: doc, found: [id] };
          doc.siblings.forEach(function (s) {
            if (inSet[s] && !taken[s]) {
              taken[s] = 1;
              card.found.push(s);
            }
          });
          out.push(card);
        });
        if (out.length >= want) {
          var rest = false;
          for (var k = at; k < ids.length && !rest; k++) {
            rest = !taken[ids[k]];
          }
          return { cards: out, more: rest };
        }
        return step();
      });
    }
    return step();
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

  /* The address of document `id` of the same body as `doc`, whose id is `slug` as
     doc_lines writes it (empty: `doc`'s own id; `+rest`: `doc`'s id followed by rest). */
  function siblingHref(doc, id, slug) {
    var g = groupOf(id);
    var own = doc.url.replace(/\/$/, '').split('/').pop();
    var name = !slug ? own : slug.charAt(0) === '+' ? own + slug.slice(1) : slug;
    return root + meta.regionList[groups.region[g]][0] + '/' + groups.year[g] + '/' +
      meta.kindList[groups.kind[g]][0] + '/' + name + '/';
  }

  /* The records of a card's project, newest year first, each a link; the found ones marked. */
  function projectRecords(card) {
    var doc = card.doc;
    var items = [{ id: card.id, href: root + doc.url }];
    doc.siblings.forEach(function (s, k) {
      items.push({ id: s, href: siblingHref(doc, s, doc.slugs[k] || '') });
    });
    items.sort(function (a, b) {
      return a.id - b.id;
    });
    var p = node('p', 'search-result-records');
    p.appendChild(node('span', 'search-result-records-label', text('records') + text('colon')));
    var seen = {};
    items.forEach(function (item, n) {
      var g = groupOf(item.id);
      var label = meta.kindList[groups.kind[g]][1] + ' ' + groups.year[g] + text('year-suffix');
      seen[label] = (seen[label] || 0) + 1;
      if (seen[label] > 1) {
        label += ' (' + seen[label] + ')';
      }
      if (n) {
        p.appendChild(node('span', 'sep', text('list-sep')));
      }
      var a = node('a', '', label);
      a.href = item.href;
      if (item.id === card.id) {
        a.setAttribute('aria-current', 'true');
      } else if (card.found.indexOf(item.id) >= 0) {
        a.className = 'search-result-found';
      }
      p.appendChild(a);
    });
    return p;
  }

  function result(card, terms) {
    var id = card.id;
    var doc = card.doc;
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
      li.appendChild(marked(node('p', 'search-result-facts'), doc.facts, terms));
    }
    var snippet = doc.excerpt || doc.facts || doc.title;
    li.appendChild(marked(node('p', 'search-result-snippet'), snippet, terms, 110));
    if (doc.siblings.length) {
      li.appendChild(projectRecords(card));
    }
    return li;
  }

  function clear(el) {
    while (el.firstChild) {
      el.removeChild(el.firstChild);
    }
  }

  /* The status line: a message, then optional links [{text, href}] each followed by text. */
  function say(message, links) {
    clear(status);
    status.appendChild(document.createTextNode(message));
    (links || []).forEach(function (link) {
      status.appendChild(document.createTextNode(' '));
      if (link.href) {
        var a = node('a', '', link.text);
        a.href = link.href;
        status.appendChild(a);
      } else {
        status.appendChild(document.createTextNode(link.text));
      }
      if (link.after) {
        status.appendChild(document.createTextNode(link.after));
      }
    });
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

  function pages(state, more) {
    clear(pager);
    if (state.page <= 1 && !more) {
      return;
    }
    if (state.page > 1) {
      var prev = node('a', 'button', text('prev'));
      prev.href = pageHref(state, state.page - 1);
      prev.rel = 'prev';
      pager.appendChild(prev);
    }
    pager.appendChild(node('span', 'search-page-of', fill(text('page'), { page: state.page })));
    if (more) {
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

  /* What to say when nothing is found: the hints, a link without the filters if any is set,
     and the register of withheld records. */
  function sayNone(state) {
    var links = [{ text: text('none-hint') }];
    if (state.year || state.region || state.kind) {
      links.push({ text: text('clear-filters'), href: pageHref({ q: state.q }, 1), after: text('period') });
    }
    links.push({ text: text('none-withheld') }, { text: text('withheld-link'), href: root + 'withheld/', after: text('period') });
    say(fill(text('none'), { query: state.q || '' }), links);
  }

  /* The status line of a fallback: no document holds every word; the nearest are shown, with
     the query split where it has a pair of characters no document holds. */
  function sayPartial(state, total, entries) {
    var split = splitSuggestion(state.q, entries);
    var links = [];
    if (split) {
      links.push({ text: text('split') }, { text: split, href: pageHref({ q: split, year: state.year, region: state.region, kind: state.kind }, 1), after: text('period') });
    } else {
      links.push({ text: text('fewer') });
    }
    say(fill(text('partial'), { query: state.q, total: total }), links);
  }

  function show(state, found, shown, page, terms) {
    updateCounts(shown.counts);
    var total = shown.ids.length;
    if (!total) {
      sayNone(state);
      return;
    }
    if (!found.full) {
      sayPartial(state, total, found.entries);
    } else {
      say(fill(text('count'), { total: total, page: state.page }));
    }
    page.cards.slice((state.page - 1) * PER_PAGE).forEach(function (card) {
      list.appendChild(result(card, terms));
    });
    pages(state, page.more);
  }

  /* The terms marked in results: the tokens and runs of the query and of its variants. */
  function markTerms(q) {
    var terms = [];
    variants(q).forEach(function (v) {
      terms = terms.concat(queryTokens(v));
      runs(v).forEach(function (r) {
        terms.push(r.word ? r.word : r.cjk.join(''));
      });
    });
    return dedup(terms);
  }

  function run() {
    var state = readState();
    var mine = ++runId;
    showForm(state);
    clear(list);
    clear(pager);
    document.title = state.q ? '“' + state.q + '” - ' + baseTitle : baseTitle;
    var filtered = state.year || state.region || state.kind;
    if (!queryTokens(state.q).length && !filtered) {
      updateCounts(null);
      say(text('prompt'));
      return Promise.resolve();
    }
    say(text('loading'));
    var found;
    var shown;
    return loadMeta().then(function () {
      return match(state.q);
    }).then(function (f) {
      found = f;
      shown = filter(found, state);
      return cards(shown.ids, state.page);
    }).then(function (page) {
      if (mine !== runId) {
        return;
      }
      if (state.page > 1 && page.cards.length <= (state.page - 1) * PER_PAGE) {
        state.page = Math.max(1, Math.ceil(page.cards.length / PER_PAGE));
      }
      show(state, found, shown, page, markTerms(state.q));
    }).catch(function () {
      if (mine === runId) {
        say(text('error'));
      }
    });
  }

  function formState() {
    var state = { page: 1 };
    ['q', 'year', 'region', 'kind'].forEach(function (k) {
      state[k] = form.elements[k] ? form.elements[k].value.trim() : '';
    });
    return state;
  }

  form.addEventListener('submit', function (event) {
    if (!window.history || !window.history.pushState) {
      return;
    }
    event.preventDefault();
    window.history.pushState(null, '', pageHref(formState(), 1));
    run();
  });

  /* A filter applies on `change`, replacing the address rather than adding to the history.
     A change made with the keyboard (arrow keys, Home/End, letters on a closed list) waits
     until the list is left or Enter is pressed, so moving through the options does not search
     at every key. */
  function applyFilters() {
    if (window.history && window.history.replaceState) {
      window.history.replaceState(null, '', pageHref(formState(), 1));
      run();
    } else {
      form.submit();
    }
  }

  ['year', 'region', 'kind'].forEach(function (k) {
    var select = form.elements[k];
    if (!select) {
      return;
    }
    var keyed = false;
    var pendingChange = false;
    select.addEventListener('keydown', function (event) {
      if (event.key === 'Enter') {
        if (pendingChange) {
          event.preventDefault();
          pendingChange = false;
          applyFilters();
        }
        return;
      }
      keyed = event.key !== 'Tab';
    });
    select.addEventListener('mousedown', function () {
      keyed = false;
    });
    select.addEventListener('change', function () {
      if (keyed) {
        pendingChange = true;
        return;
      }
      applyFilters();
    });
    select.addEventListener('blur', function () {
      keyed = false;
      if (pendingChange) {
        pendingChange = false;
        applyFilters();
      }
    });
  });
  window.addEventListener('popstate', run);
  app.hidden = false;
  run();
})();
