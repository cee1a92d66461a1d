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
})();
