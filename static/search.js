// briefbook search: answers queries in the browser from the static index
// that internal/search writes under search/ (see its package documentation
// for the files). No dependencies; the build minifies this file.
//
// The tokenizer and the ranking are the twins of internal/search: keep
// them in step.
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !window.fetch || !window.URL) return;
  var base = new URL(".", script.src);
  var dir = new URL("search/", base);
  var cache = {};

  function get(p) {
    if (!cache[p]) {
      cache[p] = fetch(new URL(p, dir)).then(function (r) {
        if (!r.ok) throw new Error(p + ": " + r.status);
        return r.json();
      });
      cache[p].catch(function () { delete cache[p]; });
    }
    return cache[p];
  }

  // Tokenizer (internal/search/tokenize.go).
  var MIN_PREFIX = 3;
  var WORD = /[\p{L}\p{N}]/u;
  var CJK = /[\p{Script=Hangul}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Han}]/u;

  function fold(s) {
    return s.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase().normalize("NFC");
  }

  // words returns the runs of word characters of s (folded first unless
  // raw), each {t: text, c: CJK?, i: offset in s}.
  function words(s, raw) {
    if (!raw) s = fold(s);
    var out = [], cur = null, i = 0;
    for (var ch of s) {
      if (!WORD.test(ch)) {
        cur = null;
      } else {
        var c = CJK.test(ch);
        if (!cur || cur.c !== c) {
          cur = {t: "", c: c, i: i};
          out.push(cur);
        }
        cur.t += ch;
      }
      i += ch.length;
    }
    return out;
  }

  // query returns the terms q asks for: [{t: term, p: prefix?}].
  function query(q) {
    var ws = words(q), out = [], seen = {};
    var typing = q !== "" && !/\s$/.test(q);
    function add(t, p) {
      var k = t + (p ? "*" : "");
      if (!seen[k]) { seen[k] = 1; out.push({t: t, p: p}); }
    }
    ws.forEach(function (w, i) {
      var rs = Array.from(w.t);
      if (!w.c) add(w.t, i === ws.length - 1 && typing && rs.length >= MIN_PREFIX);
      else if (rs.length === 1) add(w.t, false);
      else for (var j = 0; j + 1 < rs.length; j++) add(rs[j] + rs[j + 1], false);
    });
    return out;
  }

  function key(t) {
    if (t.charAt(0) === "#") return t;
    var n = 0, i = 0;
    for (var ch of t) {
      if (CJK.test(ch)) return t;
      if (n === MIN_PREFIX) return t.slice(0, i);
      n++;
      i += ch.length;
    }
    return t;
  }

  var enc = new TextEncoder();
  function shard(k, n) {
    var h = 2166136261, b = enc.encode(k);
    for (var i = 0; i < b.length; i++) h = Math.imul(h ^ b[i], 16777619) >>> 0;
    return h % n;
  }

  var LAST = "0123456789abcdefghijklmnopqrstuv", OTHER = "wxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_";
  function decode(s, f) {
    var prev = -1, v = 0;
    for (var i = 0; i < s.length; i++) {
      var c = s.charAt(i), d = OTHER.indexOf(c);
      if (d >= 0) { v = v * 32 + d; continue; }
      v = v * 32 + LAST.indexOf(c);
      prev += Math.floor(v / 4);
      f(prev, v % 4);
      v = 0;
    }
  }

  function intersect(a, b) {
    if (!a) return b;
    var out = new Map();
    a.forEach(function (s, id) { if (b.has(id)) out.set(id, s + b.get(id)); });
    return out;
  }

  // search resolves to {meta, ids (ranked), terms} for query q, keeping
  // briefs of the domain and actor slugs given (or any, when empty).
  function search(q, domain, actor) {
    var qts = query(q);
    if (!qts.length) return Promise.resolve(null);
    return get("meta.json").then(function (m) {
      var filters = [];
      if (domain) filters.push("#d:" + domain);
      if (actor) filters.push("#a:" + actor);
      var all = qts.map(function (qt) { return qt.t; }).concat(filters);
      return Promise.all(all.map(function (t) {
        return get("t/" + shard(key(t), m.t) + ".json");
      })).then(function (shards) {
        var score = null;
        all.forEach(function (t, i) {
          var sh = shards[i], best = new Map(), qt = qts[i];
          function take(pl, w0) {
            decode(pl, function (id, w) {
              w = w0 === 0 ? 0 : w;
              if (!(best.get(id) >= w)) best.set(id, w);
            });
          }
          if (qt && qt.p) {
            for (var term in sh) if (term.lastIndexOf(t, 0) === 0) take(sh[term]);
          } else if (sh[t] !== undefined) {
            take(sh[t], qt ? undefined : 0);
          }
          score = intersect(score, best);
        });
        var ids = Array.from(score.keys());
        ids.sort(function (a, b) { return score.get(b) - score.get(a) || a - b; });
        return {meta: m, ids: ids, terms: qts};
      });
    });
  }

  function doc(m, id) {
    return get("d/" + Math.floor(id / m.k) + ".json").then(function (d) { return d[id % m.k]; });
  }

  // marks returns the [start, end) ranges of text holding query terms.
  function marks(text, qts) {
    var out = [];
    words(text, true).forEach(function (w) {
      var f = fold(w.t);
      if (!w.c) {
        qts.forEach(function (qt) {
          if (f === qt.t || (qt.p && f.lastIndexOf(qt.t, 0) === 0)) out.push([w.i, w.i + w.t.length]);
        });
        return;
      }
      qts.forEach(function (qt) {
        for (var at = w.t.indexOf(qt.t); at >= 0; at = w.t.indexOf(qt.t, at + 1)) {
          out.push([w.i + at, w.i + at + qt.t.length]);
        }
      });
    });
    return out.sort(function (a, b) { return a[0] - b[0]; });
  }

  // marked returns a fragment of text (from..to) with the ranges in <mark>.
  function marked(text, ranges, from, to) {
    var frag = document.createDocumentFragment(), at = from;
    ranges.forEach(function (r) {
      if (r[0] < at || r[1] > to) return;
      frag.appendChild(document.createTextNode(text.slice(at, r[0])));
      var mk = document.createElement("mark");
      mk.textContent = text.slice(r[0], r[1]);
      frag.appendChild(mk);
      at = r[1];
    });
    frag.appendChild(document.createTextNode(text.slice(at, to)));
    return frag;
  }

  // snippet: the summary, or the body's start around the first match.
  function snippet(rec, qts) {
    var el = document.createElement("span");
    el.className = "r-snippet";
    var text = rec[4], rs = marks(text, qts);
    var body = rec[5], bs = marks(body, qts);
    if (!rs.length && (bs.length || !text)) { text = body; rs = bs; }
    var from = 0, to = text.length;
    if (rs.length && rs[0][0] > 80) {
      from = text.indexOf(" ", rs[0][0] - 60) + 1;
      el.appendChild(document.createTextNode("…"));
    }
    if (to - from > 220) to = Math.max(text.lastIndexOf(" ", from + 220), from + 160);
    el.appendChild(marked(text, rs, from, to));
    if (to < text.length) el.appendChild(document.createTextNode("…"));
    return el;
  }

  // humanDate writes "2021-04-06" as the pages do ("6 April 2021", the
  // theme's date function); anything else is left as it is.
  var months = ["January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December"];
  function humanDate(iso) {
    var d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || "");
    return d ? +d[3] + " " + months[d[2] - 1] + " " + d[1] : iso;
  }

  function item(m, rec, qts, id) {
    // The link itself is the option: an option may not hold a link.
    var li = document.createElement("li"), a = document.createElement("a");
    li.setAttribute("role", "none");
    a.setAttribute("role", "option");
    a.id = id;
    a.href = new URL(rec[0], base).href;
    a.tabIndex = -1;
    var t = document.createElement("span");
    t.className = "r-title";
    t.appendChild(marked(rec[1], marks(rec[1], qts), 0, rec[1].length));
    var meta = document.createElement("span");
    meta.className = "r-meta";
    meta.textContent = [humanDate(rec[2])].concat(rec[3].map(function (k) { return m.domains[k][1]; })).filter(Boolean).join(" · ");
    a.appendChild(t);
    a.appendChild(meta);
    a.appendChild(snippet(rec, qts));
    li.appendChild(a);
    return li;
  }

  function plural(n, one, many) { return n + " " + (n === 1 ? one : many); }

  // Box makes input a combobox whose list of results (in popup) follows
  // what is typed. opts: filters() → [domain, actor]; limit; more (link to
  // the search page, or null); onQuery(q).
  function Box(input, popup, opts) {
    var list = document.createElement("ul"), status = document.createElement("p");
    list.className = "search-list";
    list.id = input.id + "-list";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", "Search results");
    status.className = "search-status";
    status.setAttribute("role", "status");
    popup.appendChild(status);
    popup.appendChild(list);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-controls", list.id);
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    var seq = 0, active = -1, timer = 0, shown = opts.limit;

    function setActive(i) {
      var items = list.children;
      if (active >= 0 && items[active]) items[active].classList.remove("active");
      active = i;
      if (i >= 0 && items[i]) {
        items[i].classList.add("active");
        items[i].firstChild.setAttribute("aria-selected", "true");
        input.setAttribute("aria-activedescendant", items[i].firstChild.id);
        items[i].scrollIntoView({block: "nearest"});
      } else {
        input.removeAttribute("aria-activedescendant");
      }
      for (var k = 0; k < items.length; k++) if (k !== i) items[k].firstChild.setAttribute("aria-selected", "false");
    }

    function open(on) {
      popup.hidden = !on;
      input.setAttribute("aria-expanded", on ? "true" : "false");
      if (!on) setActive(-1);
    }

    function run() {
      var q = input.value, f = opts.filters(), my = ++seq;
      if (opts.onQuery) opts.onQuery(q);
      search(q, f[0], f[1]).then(function (res) {
        if (my !== seq) return;
        list.textContent = "";
        setActive(-1);
        if (!res) { status.textContent = ""; list.setAttribute("data-query", q); open(opts.always); return; }
        var ids = res.ids.slice(0, shown);
        return Promise.all(ids.map(function (id) { return doc(res.meta, id); })).then(function (recs) {
          if (my !== seq) return;
          status.textContent = res.ids.length ? plural(res.ids.length, "brief", "briefs") + " found" : "No brief matches “" + q.trim() + "”.";
          recs.forEach(function (rec, i) { if (rec) list.appendChild(item(res.meta, rec, res.terms, list.id + "-" + i)); });
          list.setAttribute("data-query", q);
          if (res.ids.length > ids.length) {
            if (opts.more) {
              var a = document.createElement("a");
              a.href = opts.more(q);
              a.textContent = "All results";
              status.appendChild(document.createTextNode(" · "));
              status.appendChild(a);
            } else {
              var b = document.createElement("button");
              b.type = "button";
              b.textContent = "Show more";
              b.addEventListener("click", function () { shown += opts.limit; run(); });
              status.appendChild(document.createTextNode(" "));
              status.appendChild(b);
            }
          }
          open(true);
        });
      }).catch(function (e) {
        if (my !== seq) return;
        status.textContent = "Search is unavailable (" + e.message + ").";
        open(true);
      });
    }

    input.addEventListener("input", function () {
      shown = opts.limit;
      clearTimeout(timer);
      timer = setTimeout(run, 80);
    });
    input.addEventListener("keydown", function (e) {
      var n = list.children.length;
      if (e.key === "ArrowDown" || e.key === "ArrowUp") {
        if (!n) return;
        e.preventDefault();
        open(true);
        var d = e.key === "ArrowDown" ? 1 : -1;
        setActive(active < 0 ? (d > 0 ? 0 : n - 1) : (active + d + n) % n);
      } else if (e.key === "Enter" && active >= 0 && list.children[active]) {
        e.preventDefault();
        location.href = list.children[active].querySelector("a").href;
      } else if (e.key === "Escape") {
        if (!popup.hidden && !opts.always) { e.preventDefault(); open(false); }
        else if (input.value) { e.preventDefault(); input.value = ""; run(); }
      }
    });
    // Enter may also submit the form (implicit submission): with a result
    // chosen, the form is not submitted.
    if (input.form) input.form.addEventListener("submit", function (e) {
      if (active >= 0 && list.children[active]) e.preventDefault();
    });
    list.addEventListener("mousedown", function (e) { e.preventDefault(); });
    return {run: run, open: open, popup: popup};
  }

  function init() {
    var page = document.querySelector("form[data-search-page]");
    var header = document.getElementById("bb:q");
    if (header) {
      var popup = document.createElement("div");
      popup.className = "search-popup";
      popup.hidden = true;
      header.parentNode.appendChild(popup);
      var more = function (q) { return new URL("search/?q=" + encodeURIComponent(q), base).href; };
      var box = Box(header, popup, {limit: 8, filters: function () { return ["", ""]; }, more: more});
      header.form.addEventListener("focusout", function (e) {
        if (!header.form.contains(e.relatedTarget)) box.open(false);
      });
    }
    if (!page) return;
    var input = page.elements.q, dom = page.elements.domain, act = page.elements.actor;
    var params = new URLSearchParams(location.search);
    input.value = params.get("q") || "";
    dom.value = params.get("domain") || "";
    act.value = params.get("actor") || "";
    var out = document.getElementById("bb:search-results");
    var pbox = Box(input, out, {
      limit: 20, always: true,
      filters: function () { return [dom.value, act.value]; },
      onQuery: function (q) {
        var p = new URLSearchParams();
        if (q) p.set("q", q);
        if (dom.value) p.set("domain", dom.value);
        if (act.value) p.set("actor", act.value);
        var s = p.toString();
        history.replaceState(null, "", s ? "?" + s : location.pathname);
      }
    });
    page.addEventListener("submit", function (e) { e.preventDefault(); pbox.run(); });
    dom.addEventListener("change", pbox.run);
    act.addEventListener("change", pbox.run);
    if (input.value) pbox.run();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
