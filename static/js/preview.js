// Link previews: hovering over or focusing a link to another brief shows
// its title, date, domains and summary in a small popover, read from the
// brief's preview.json. Without JavaScript the links work as they are.
(function () {
  "use strict";
  var briefPath = /\/briefs\/[^\/]+\/$/;
  var cache = {};
  var pop = null;
  var current = null;
  var timer = 0;

  // target returns the link to a brief that el is in, or null.
  function target(el) {
    var a = el && el.closest ? el.closest("a[href]") : null;
    if (!a || a.origin !== location.origin || !briefPath.test(a.pathname) ||
        a.pathname === location.pathname || a.hash) {
      return null;
    }
    return a;
  }

  function load(url) {
    if (!cache[url]) {
      cache[url] = fetch(url).then(function (r) {
        if (!r.ok) { throw new Error(url + ": " + r.status); }
        return r.json();
      });
    }
    return cache[url];
  }

  function add(parent, tag, cls, text) {
    var e = document.createElement(tag);
    e.className = cls;
    e.textContent = text;
    parent.appendChild(e);
    return e;
  }

  function hide() {
    clearTimeout(timer);
    if (pop) { pop.hidden = true; }
    if (current) { current.removeAttribute("aria-describedby"); current = null; }
  }

  function place(a) {
    var r = a.getBoundingClientRect();
    var width = Math.min(360, document.documentElement.clientWidth - 16);
    pop.style.width = width + "px";
    var left = Math.max(8, Math.min(r.left, document.documentElement.clientWidth - width - 8));
    pop.style.left = (left + window.scrollX) + "px";
    pop.style.top = (r.bottom + window.scrollY + 6) + "px";
  }

  function show(a) {
    load(a.origin + a.pathname + "preview.json").then(function (d) {
      if (current !== a) { return; }
      if (!pop) {
        pop = document.createElement("div");
        pop.id = "bb:preview";
        pop.className = "bb-preview";
        pop.setAttribute("role", "tooltip");
        document.body.appendChild(pop);
      }
      pop.textContent = "";
      add(pop, "p", "bb-preview-title", d.title);
      var meta = add(pop, "p", "bb-preview-meta", "");
      var time = add(meta, "time", "", d.date);
      time.setAttribute("datetime", d.datetime);
      if (d.domains && d.domains.length) {
        meta.appendChild(document.createTextNode(" · " + d.domains.join(", ")));
      }
      if (d.summary) { add(pop, "p", "bb-preview-summary", d.summary); }
      pop.hidden = false;
      place(a);
      a.setAttribute("aria-describedby", pop.id);
    }).catch(function () {});
  }

  function schedule(a, delay) {
    if (current === a) { return; }
    hide();
    current = a;
    timer = setTimeout(function () { show(a); }, delay);
  }

  document.addEventListener("mouseover", function (e) {
    var a = target(e.target);
    if (a) { schedule(a, 250); }
  });
  document.addEventListener("mouseout", function (e) {
    var a = target(e.target);
    if (a && a === current && !a.contains(e.relatedTarget)) { hide(); }
  });
  document.addEventListener("focusin", function (e) {
    var a = target(e.target);
    if (a) { schedule(a, 0); } else { hide(); }
  });
  document.addEventListener("focusout", function (e) {
    if (target(e.target) === current) { hide(); }
  });
  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape") { hide(); }
  });
})();
