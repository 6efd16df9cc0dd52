/* Searchable pickers (templates/core/_picker.html): type to search the server (scoped to the user), choose with
   the mouse or the keyboard (↑ ↓ Enter, Esc closes). The chosen id goes to the hidden input; clearing the text
   clears the choice. No dependency. */
(function () {
  "use strict";
  function setup(root) {
    var url = root.getAttribute("data-picker-url");
    var hidden = root.querySelector("[data-picker-value]");
    var text = root.querySelector("[data-picker-text]");
    var list = root.querySelector("[role=listbox]");
    var items = [], active = -1, timer = null, seq = 0, chosenText = text.value;
    // data-picker-depends='{"don_vi": "unit"}': a query parameter read from another field of the form when
    // searching (people of the chosen unit); a change there clears this choice, which may no longer fit.
    var depends = {}, form = root.closest("form");
    try { depends = JSON.parse(root.getAttribute("data-picker-depends") || "{}"); } catch (e) { depends = {}; }
    Object.keys(depends).forEach(function (param) {
      var other = form && form.elements[depends[param]];
      if (!other || !other.addEventListener) return;
      other.addEventListener("change", function () {
        items = []; if (hidden.value) { hidden.value = ""; text.value = ""; chosenText = ""; }
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

    function close() { list.hidden = true; text.setAttribute("aria-expanded", "false"); active = -1; }
    function highlight(i) {
      var nodes = list.querySelectorAll("[role=option]");
      nodes.forEach(function (n, k) { n.classList.toggle("active", k === i); n.setAttribute("aria-selected", k === i ? "true" : "false"); });
      active = i;
      if (nodes[i]) { text.setAttribute("aria-activedescendant", nodes[i].id); nodes[i].scrollIntoView({block: "nearest"}); }
    }
    function choose(i) {
      var it = items[i];
      if (!it) return;
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
      if (!text.value.trim()) { hidden.value = ""; chosenText = ""; }
      clearTimeout(timer); timer = setTimeout(search, 200);
    });
    text.addEventListener("focus", function () { if (!items.length) search(); });
    text.addEventListener("keydown", function (e) {
      if (e.key === "ArrowDown") { e.preventDefault(); if (list.hidden) search(); else highlight(Math.min(active + 1, items.length - 1)); }
      else if (e.key === "ArrowUp") { e.preventDefault(); highlight(Math.max(active - 1, 0)); }
      else if (e.key === "Enter" && !list.hidden && active >= 0) { e.preventDefault(); choose(active); }
      else if (e.key === "Escape") { close(); }
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
