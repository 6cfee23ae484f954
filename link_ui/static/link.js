// Link UI behaviour that htmx does not give: copy buttons, and moving focus to what a swap brought in.
// A static file, because the Content-Security-Policy allows no inline script.
(function () {
  "use strict";

  // Copy buttons stay hidden without JS (they could not work); show them once this script runs.
  function revealCopyButtons(root) {
    root.querySelectorAll("[data-copy-target][hidden]").forEach(function (button) {
      button.hidden = false;
    });
  }

  // After a swap, move focus to the new content's marked element, so keyboard and screen-reader
  // users land on what changed instead of on a button that has gone. Marks are used once.
  function focusNewContent(root) {
    var marked = Array.prototype.slice.call(root.querySelectorAll("[data-autofocus]"));
    if (root.matches && root.matches("[data-autofocus]")) { marked.unshift(root); }
    if (marked.length) {
      marked[marked.length - 1].focus();
    }
    forgetMarks(root);
  }

  function forgetMarks(root) {
    root.querySelectorAll("[data-autofocus]").forEach(function (el) { el.removeAttribute("data-autofocus"); });
  }

  function say(status, text) {
    document.querySelectorAll(".copy-status").forEach(function (other) {
      if (other !== status) { other.textContent = ""; }
    });
    status.textContent = text;
  }

  function copy(button) {
    var field = document.getElementById(button.getAttribute("data-copy-target"));
    var status = document.getElementById(button.getAttribute("data-copy-status"));
    if (!field || !status) { return; }
    var fallback = function () {
      field.focus();
      field.select();
      var copied = false;
      try { copied = document.execCommand("copy"); } catch (e) { copied = false; }
      say(status, button.getAttribute(copied ? "data-copied" : "data-copy-failed"));
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(field.value).then(function () {
        say(status, button.getAttribute("data-copied"));
      }, fallback);
    } else {
      fallback();
    }
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-copy-target]");
    if (button) { copy(button); }
  });

  document.addEventListener("DOMContentLoaded", function () {
    revealCopyButtons(document);
    forgetMarks(document);  // a fresh page load keeps the browser's own focus handling
  });

  document.addEventListener("htmx:afterSwap", function (event) {
    // An outerHTML swap detaches its target: then look in the whole page, where only the new
    // content still carries marks. Status polls bring no marks, so they never move focus.
    var target = event.detail.target;
    var root = target && target.isConnected ? target : document.body;
    revealCopyButtons(root);
    focusNewContent(root);
  });

  document.addEventListener("htmx:load", function (event) {
    revealCopyButtons(event.detail.elt);
  });
})();
