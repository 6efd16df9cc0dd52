/* Searchable pickers (templates/core/_picker.html, core/widgets/picker.html, core/widgets/multi_picker.html): type
   to search the server (scoped to the user), choose with the mouse or the keyboard (↑ ↓ Enter, Esc closes).
   One choice: the chosen id goes to the hidden input; clearing the text clears the choice.
   Several (data-picker-multiple): each choice becomes a chip holding a hidden input named like the field; Enter
   adds the highlighted result and keeps the focus in the box for the next one; Backspace in the empty box removes
   the last chip; each chip's button (reached with Tab) removes it. Changes are announced (aria-live). No dependency. */
(function () {
  "use strict";
  function setup(root) {
    var url = root.getAttribute("data-picker-url");
    var multiple = root.hasAttribute("data-picker-multiple");
    var name = root.getAttribute("data-picker-name");
    var hidden = root.querySelector("[data-picker-value]");
    var chosen = root.querySelector("[data-picker-chosen]");
    var status = root.querySelector("[data-picker-status]");
    var text = root.querySelector("[data-picker-text]");
    var list = root.querySelector("[role=listbox]");
    var items = [], active = -1, timer = null, seq = 0, chosenText = multiple ? "" : text.value;
    // data-picker-depends='{"don_vi": "unit"}': a query parameter read from another field of the form when
    // searching (people of the chosen unit); a change there clears this choice, which may no longer fit.
    var depends = {}, form = root.closest("form");
    try { depends = JSON.parse(root.getAttribute("data-picker-depends") || "{}"); } catch (e) { depends = {}; }
    Object.keys(depends).forEach(function (param) {
      var other = form && form.elements[depends[param]];
      if (!other || !other.addEventListener) return;
      other.addEventListener("change", function () {
        items = [];
        if (hidden && hidden.value) { hidden.value = ""; text.value = ""; chosenText = ""; }
      });
    });
    function extra() {
      var parts = "";
      Object.keys(depends).forEach(function (param) {
        var other = form && form.elements[depends[param]];
        if (other && other.value) parts += "&" + encodeURIComponent(param) + "=" + encodeURIComponent(other.value);
      });
      return parts;
    }
    function announce(what, label) {
      if (!status) return;
      status.textContent = "";
      setTimeout(function () { status.textContent = status.getAttribute(what) + ": " + label; }, 50);
    }
    function isChosen(id) { return !!(chosen && chosen.querySelector('[data-id="' + String(id).replace(/"/g, "") + '"]')); }
    function removeChip(chip) {
      var label = chip.querySelector("span") ? chip.querySelector("span").textContent : "";
      chip.parentNode.removeChild(chip);
      announce("data-removed", label);
      text.dispatchEvent(new Event("change", {bubbles: true}));
    }
    function addChip(it) {
      var li = document.createElement("li");
      li.className = "badge text-bg-light border d-inline-flex align-items-center gap-1 fw-normal picker-chip";
      li.setAttribute("data-id", it.id);
      var input = document.createElement("input");
      input.type = "hidden"; input.name = name; input.value = it.id;
      var span = document.createElement("span"); span.textContent = it.text;
      var button = document.createElement("button");
      button.type = "button"; button.className = "btn-close btn-close-sm"; button.setAttribute("data-picker-remove", "");
      button.setAttribute("aria-label", (chosen.getAttribute("data-remove-label") || "") + " " + it.text);
      li.appendChild(input); li.appendChild(span); li.appendChild(button);
      chosen.appendChild(li);
      announce("data-added", it.text);
      text.dispatchEvent(new Event("change", {bubbles: true}));
    }
    if (chosen) {
      chosen.addEventListener("click", function (e) {
        var button = e.target.closest("[data-picker-remove]");
        if (!button) return;
        e.preventDefault();
        removeChip(button.closest("[data-id]"));
        text.focus();
      });
    }

    function close() { list.hidden = true; text.setAttribute("aria-expanded", "false"); text.removeAttribute("aria-activedescendant"); active = -1; }
    function highlight(i) {
      var nodes = list.querySelectorAll("[role=option]");
      nodes.forEach(function (n, k) {
        n.classList.toggle("active", k === i);
        if (!multiple) n.setAttribute("aria-selected", k === i ? "true" : "false");
      });
      active = i;
      if (nodes[i]) { text.setAttribute("aria-activedescendant", nodes[i].id); nodes[i].scrollIntoView({block: "nearest"}); }
    }
    function choose(i) {
      var it = items[i];
      if (!it) return;
      if (multiple) {
        if (!isChosen(it.id)) addChip(it);
        text.value = ""; close();
        return;
      }
      hidden.value = it.id; text.value = it.text; chosenText = it.text; close();
      hidden.dispatchEvent(new Event("change", {bubbles: true}));
    }
    function render(results) {
      items = results; list.innerHTML = "";
      if (!results.length) {
        var li = document.createElement("li");
        li.className = "list-group-item small text-muted"; li.textContent = list.getAttribute("data-empty");
        list.appendChild(li);
      }
      results.forEach(function (r, i) {
        var li = document.createElement("li");
        li.className = "list-group-item list-group-item-action py-1"; li.setAttribute("role", "option");
        li.id = list.id + "-" + i; li.textContent = r.text;
        if (multiple) {
          var on = isChosen(r.id);
          li.setAttribute("aria-selected", on ? "true" : "false");
          if (on) li.classList.add("picker-option-chosen");
        }
        if (r.hint) { var s = document.createElement("div"); s.className = "small text-muted"; s.textContent = r.hint; li.appendChild(s); }
        li.addEventListener("mousedown", function (e) { e.preventDefault(); choose(i); });
        list.appendChild(li);
      });
      list.hidden = false; text.setAttribute("aria-expanded", "true"); active = -1;
    }
    function search() {
      var mine = ++seq, sep = url.indexOf("?") < 0 ? "?" : "&";
      fetch(url + sep + "q=" + encodeURIComponent(text.value.trim()) + extra(), {credentials: "same-origin", headers: {"Accept": "application/json"}})
        .then(function (r) { return r.ok ? r.json() : {results: []}; })
        .then(function (data) { if (mine === seq && document.activeElement === text) render(data.results || []); })
        .catch(function () {});
    }
    text.addEventListener("input", function () {
      if (!multiple && !text.value.trim()) { hidden.value = ""; chosenText = ""; }
      // The results shown no longer match the text: hide them, so Enter never takes a stale one (↓ searches now).
      items = []; seq++; close();
      clearTimeout(timer); timer = setTimeout(search, 200);
    });
    text.addEventListener("focus", function () { if (!items.length) search(); });
    text.addEventListener("keydown", function (e) {
      if (e.key === "ArrowDown") { e.preventDefault(); if (list.hidden) search(); else highlight(Math.min(active + 1, items.length - 1)); }
      else if (e.key === "ArrowUp") { e.preventDefault(); highlight(Math.max(active - 1, 0)); }
      else if (e.key === "Enter" && !list.hidden && active >= 0) { e.preventDefault(); choose(active); }
      else if (e.key === "Enter" && multiple) { e.preventDefault(); }  // Enter in the search box never submits the form
      else if (e.key === "Escape") { close(); }
      else if (e.key === "Backspace" && multiple && !text.value && chosen && chosen.lastElementChild) {
        e.preventDefault(); removeChip(chosen.lastElementChild);
      }
    });
    text.addEventListener("blur", function () {
      setTimeout(close, 150);
      if (text.value.trim() && text.value !== chosenText) text.value = chosenText;  // typed text without a choice
    });
  }
  function init(scope) { (scope || document).querySelectorAll(".picker[data-picker-url]:not([data-picker-ready])").forEach(function (el) { el.setAttribute("data-picker-ready", "1"); setup(el); }); }
  document.addEventListener("DOMContentLoaded", function () { init(); });
  document.addEventListener("htmx:load", function (e) { init(e.target); });
})();
