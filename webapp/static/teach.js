/* Teacher pages: pick a passage by selecting it, switch the source shown, and show
   form errors (422) that htmx would otherwise drop. Loaded only by teacher pages. */
(function () {
  "use strict";

  // Python counts code points; the DOM counts UTF-16 units. Array.from splits by code point.
  function codePoints(text) {
    return Array.from(text).length;
  }

  function offsetWithin(container, node, offset) {
    var range = document.createRange();
    range.selectNodeContents(container);
    range.setEnd(node, offset);
    return codePoints(range.toString());
  }

  function recordSelection() {
    var text = document.getElementById("source-text");
    var selection = window.getSelection();
    if (!text || !selection || selection.rangeCount === 0 || selection.isCollapsed) {
      return;
    }
    var range = selection.getRangeAt(0);
    if (!text.contains(range.startContainer) || !text.contains(range.endContainer)) {
      return;
    }
    var start = offsetWithin(text, range.startContainer, range.startOffset);
    var end = offsetWithin(text, range.endContainer, range.endOffset);
    var fields = {start: start, end: end, exact: range.toString()};
    Object.keys(fields).forEach(function (name) {
      var input = document.getElementById(name);
      if (input) {
        input.value = fields[name];
      }
    });
  }
  document.addEventListener("mouseup", recordSelection);
  document.addEventListener("keyup", recordSelection);

  // Choosing another source shows its text for selecting.
  document.addEventListener("change", function (event) {
    var select = event.target;
    if (select.id !== "source" || !select.dataset.sourceUrl || !window.htmx) {
      return;
    }
    var url = select.dataset.sourceUrl.replace("__key__", encodeURIComponent(select.value));
    window.htmx.ajax("GET", url, {target: "#source-picker", swap: "outerHTML"});
    ["start", "end", "exact"].forEach(function (name) {
      var input = document.getElementById(name);
      if (input) {
        input.value = "";
      }
    });
  });

  // A 422 (form errors) or 409 (build already running) carries the form to show again.
  document.addEventListener("htmx:beforeSwap", function (event) {
    var status = event.detail.xhr.status;
    if (status === 422 || status === 409) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });

  // Reviewing by keyboard: j/k next/previous question, a approve, r reject, u undecide, e edit.
  var ACTIONS = {a: "approve", r: "reject", u: "reset", e: "edit"};

  function reviewItems() {
    return Array.prototype.slice.call(document.querySelectorAll("[data-review-list] .review-item"));
  }

  function currentItem() {
    return document.activeElement ? document.activeElement.closest(".review-item") : null;
  }

  document.addEventListener("keydown", function (event) {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || event.repeat) {
      return;
    }
    if (event.target.matches("input, textarea, select, [contenteditable]")) {
      return;
    }
    var items = reviewItems();
    if (!items.length) {
      return;
    }
    var item = currentItem();
    var key = event.key.toLowerCase();
    if (key === "j" || key === "k") {
      var at = items.indexOf(item);
      var next = at < 0 ? 0 : Math.min(items.length - 1, Math.max(0, at + (key === "j" ? 1 : -1)));
      items[next].focus();
      items[next].scrollIntoView({block: "nearest"});
      event.preventDefault();
    } else if (ACTIONS[key] && item) {
      var control = item.querySelector('[data-action="' + ACTIONS[key] + '"]');
      if (control) {
        control.click();
        event.preventDefault();
      }
    }
  });

  // After a decision the item is replaced: keep the keyboard on it.
  document.addEventListener("htmx:afterSwap", function (event) {
    var swapped = event.detail.target && event.detail.target.id ? document.getElementById(event.detail.target.id) : null;
    if (swapped && swapped.classList.contains("review-item")) {
      swapped.focus({preventScroll: true});
    } else if (swapped && swapped.querySelector("input, textarea")) {
      swapped.querySelector("input, textarea").focus();
    }
  });
})();
