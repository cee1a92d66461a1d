/* quizgen study page behaviour: CSRF for htmx, focus after swaps, keyboard shortcuts.
   No inline scripts anywhere: this file is all the page's own JavaScript. */
(function () {
  "use strict";

  function csrfToken() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.content : "";
  }

  // Every htmx request carries the CSRF token the server expects in X-CSRFToken.
  document.addEventListener("htmx:configRequest", function (event) {
    event.detail.headers["X-CSRFToken"] = csrfToken();
  });

  // A 409 means "already recorded"; its body is the up-to-date card, so show it.
  document.addEventListener("htmx:beforeSwap", function (event) {
    if (event.detail.xhr.status === 409) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });

  // Move focus to the new card so keyboard and screen-reader users continue from there.
  function focusCard() {
    var target = document.querySelector("#study [data-focus]");
    if (target) {
      target.focus({preventScroll: true});
      var card = document.getElementById("card") || target;
      if (card.getBoundingClientRect().top < 0) {
        card.scrollIntoView({block: "start"});
      }
    }
  }
  document.addEventListener("htmx:afterSettle", focusCard);

  // The evidence panel is open by default; on a narrow screen it starts folded below the ratings.
  function foldEvidenceOnPhones() {
    var panel = document.getElementById("evidence");
    if (panel && window.matchMedia("(max-width: 40rem)").matches) {
      panel.open = false;
    }
  }
  document.addEventListener("htmx:afterSwap", foldEvidenceOnPhones);

  function click(element) {
    if (element && !element.disabled) {
      element.click();
      return true;
    }
    return false;
  }

  function isTyping(element) {
    return element.matches("input, textarea, select, [contenteditable], [contenteditable] *");
  }

  // Space/Enter: show the answer (front) or take the suggested rating (back);
  // 1-9: pick an option (front); 1-4: rate (back); Ctrl+Z: undo the last rating.
  document.addEventListener("keydown", function (event) {
    if (event.defaultPrevented || event.repeat || event.altKey) {
      return;
    }
    var target = event.target;
    var typing = isTyping(target);
    if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === "z" && !event.shiftKey) {
      // A field with text keeps its own undo; an empty one (the next card's answer
      // field has focus right after a rating) has none, so the rating is undone.
      if ((!typing || target.value === "") && click(document.getElementById("undo"))) {
        event.preventDefault();
      }
      return;
    }
    var card = document.getElementById("card");
    if (event.ctrlKey || event.metaKey || typing || !card) {
      return;
    }
    var front = card.dataset.side === "front";
    var handled = false;
    if (event.key === " " || event.key === "Enter") {
      if (target.matches("button, a, summary, [role=button]")) {
        return;  // the focused control does its own thing
      }
      handled = front ? click(document.getElementById("show-answer"))
                      : click(card.querySelector("button.rating.suggested"));
    } else if (/^[1-9]$/.test(event.key)) {
      handled = click(card.querySelector(front ? '[data-option-index="' + event.key + '"]'
                                               : '[data-rating="' + event.key + '"]'));
    }
    if (handled) {
      event.preventDefault();
    }
  });

  // Sign-up form: preselect the browser's time zone when the list has it.
  function detectTimezone() {
    var select = document.querySelector("select[data-detect-timezone]");
    if (!select || select.value !== "UTC" || !window.Intl) {
      return;
    }
    var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (zone && select.querySelector('option[value="' + zone + '"]')) {
      select.value = zone;
    }
  }

  function ready() {
    detectTimezone();
    foldEvidenceOnPhones();
    focusCard();
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
})();
