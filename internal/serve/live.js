// briefbook serve's live reload, injected into the pages it serves (never
// into a build). It listens to the server's events: "reload" (this page's
// bytes changed: reload, keeping the scroll position), "css" (swap the
// changed stylesheets without reloading), "follow" (go to the brief just
// saved), "gone" (this page's file was renamed or deleted) and "errors"
// (show the book's errors over the page; an empty list removes them).
(function () {
  "use strict";
  var me = document.currentScript;
  var gen = me.getAttribute("data-gen") || "0";
  var hash = me.getAttribute("data-hash") || "";
  var key = "briefbook-scroll";

  try {
    var saved = JSON.parse(sessionStorage.getItem(key) || "null");
    if (saved && saved.path === location.pathname) {
      sessionStorage.removeItem(key);
      var restore = function () { window.scrollTo({ left: saved.x, top: saved.y, behavior: "instant" }); };
      restore();
      window.addEventListener("load", restore);
      if (document.fonts && document.fonts.ready) document.fonts.ready.then(restore);
    }
  } catch (e) {}

  function reload() {
    try {
      sessionStorage.setItem(key, JSON.stringify({ path: location.pathname, x: window.scrollX, y: window.scrollY }));
    } catch (e) {}
    location.reload();
  }

  function box(id, color) {
    var old = document.getElementById(id);
    if (old) old.remove();
    var d = document.createElement("div");
    d.id = id;
    d.setAttribute("role", "alert");
    d.style.cssText = "position:fixed;z-index:2147483647;left:1em;right:1em;bottom:1em;max-height:60vh;overflow:auto;" +
      "padding:1em;background:#fff;color:#222;border:3px solid " + color + ";border-radius:6px;" +
      "box-shadow:0 4px 24px rgba(0,0,0,.3);font:14px/1.5 ui-monospace,Menlo,Consolas,monospace;white-space:pre-wrap";
    return d;
  }

  function showErrors(list) {
    var old = document.getElementById("__briefbook-errors");
    if (!list.length) {
      if (old) old.remove();
      return;
    }
    var d = box("__briefbook-errors", "#c62828");
    var h = document.createElement("strong");
    h.textContent = "briefbook serve: the book has errors; showing its last good version until they are fixed";
    d.appendChild(h);
    list.forEach(function (p) {
      var line = document.createElement("div");
      if (p.url) {
        var a = document.createElement("a");
        a.href = p.url;
        a.textContent = p.text;
        line.appendChild(a);
      } else {
        line.textContent = p.text;
      }
      d.appendChild(line);
    });
    document.body.appendChild(d);
  }

  function gone(moved) {
    var d = box("__briefbook-gone", "#e08a00");
    d.style.top = "1em";
    d.style.bottom = "auto";
    d.textContent = "briefbook serve: this page is no longer in the book: its file was renamed or deleted. ";
    if (moved) {
      var a = document.createElement("a");
      a.href = moved;
      a.textContent = "Go to the saved brief";
      d.appendChild(a);
    }
    document.body.appendChild(d);
  }

  function swapCSS(urls) {
    var links = document.querySelectorAll('link[rel~="stylesheet"]');
    Array.prototype.forEach.call(links, function (link) {
      var u = new URL(link.href, location.href);
      if (urls.indexOf(u.pathname) < 0) return;
      var fresh = link.cloneNode();
      fresh.href = u.pathname + "?briefbook=" + Date.now();
      fresh.addEventListener("load", function () { link.remove(); });
      link.after(fresh);
    });
  }

  function on(name, f) {
    src.addEventListener(name, function (e) { f(JSON.parse(e.data)); });
  }

  var src = new EventSource("/__briefbook/events?path=" + encodeURIComponent(location.pathname) +
    "&gen=" + encodeURIComponent(gen) + "&hash=" + encodeURIComponent(hash));
  on("reload", reload);
  on("errors", showErrors);
  on("css", function (d) { swapCSS(d.urls); });
  on("gone", function (d) { gone(d.moved); });
  on("follow", function (d) {
    if (d.url !== location.pathname) location.assign(d.url);
  });
})();
