// Cite this brief: a "Copy" button after the plain-text reference and the
// BibTeX entry, where the browser lets a page write to the clipboard. The
// texts are on the page without JavaScript; the button only saves
// selecting them. A status line, read by screen readers, says when a text
// was copied.
(function () {
  "use strict";
  if (!navigator.clipboard || !window.isSecureContext) {
    return;
  }
  var status = document.createElement("p");
  status.className = "visually-hidden";
  status.setAttribute("role", "status");

  function addButton(id, label) {
    var el = document.getElementById(id);
    if (!el) {
      return;
    }
    var b = document.createElement("button");
    b.type = "button";
    b.className = "copy-button";
    b.textContent = "Copy";
    b.setAttribute("aria-label", "Copy the " + label);
    b.addEventListener("click", function () {
      navigator.clipboard.writeText(el.textContent).then(function () {
        status.textContent = "Copied the " + label + ".";
        b.textContent = "Copied";
        setTimeout(function () { b.textContent = "Copy"; }, 2000);
      }, function () {
        status.textContent = "Could not copy: select the text instead.";
      });
    });
    el.insertAdjacentElement("afterend", b);
  }

  function init() {
    var section = document.querySelector(".cite-this");
    if (!section) {
      return;
    }
    section.appendChild(status);
    addButton("bb:cite-text", "reference");
    addButton("bb:cite-bibtex", "BibTeX entry");
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
