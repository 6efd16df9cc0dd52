/* Form helpers without a dependency:
   - [data-filtered-select] (core/widgets.py FilteredSelect): a search box narrows a long <select> (typed without
     diacritics too), and a select with data-filter-field / data-filter-attr keeps only the options whose
     data-<attr> (a space-separated list) names the current value of that other field (award types fitting the
     chosen kind of nominee). The options are rebuilt, not hidden, so every browser shows the same list.
   - [data-show-if="field=value"] (core/_form.html): a field's block shown only while another field has that
     value (the person box for an individual, the unit box for a collective). */
(function () {
  "use strict";
  function fold(s) {
    return (s || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d").replace(/Đ/g, "d").toLowerCase();
  }
  function current(form, name) {
    var el = form && form.elements[name];  // an element, or a RadioNodeList for radio buttons: both have .value
    return (el && el.value) || "";
  }
  function setupSelect(root) {
    var select = root.querySelector("select"), search = root.querySelector("[data-filter-search]");
    if (!select) return;
    var form = select.form, field = select.getAttribute("data-filter-field"), attr = select.getAttribute("data-filter-attr");
    // A snapshot of the groups and options as rendered: [{label, options: [{value, text, data}]}].
    var groups = [];
    Array.prototype.forEach.call(select.children, function (node) {
      if (node.tagName === "OPTGROUP") {
        groups.push({label: node.label, options: Array.prototype.map.call(node.children, function (o) { return o; })});
      } else {
        groups.push({label: null, options: [node]});
      }
    });
    function fits(option, wanted, words) {
      if (!option.value) return true;  // the empty choice stays
      if (wanted && attr) {
        var kinds = (option.getAttribute("data-" + attr) || "").split(" ");
        if (kinds[0] !== "" && kinds.indexOf(wanted) < 0) return false;
      }
      var text = fold(option.textContent);
      return words.every(function (w) { return text.indexOf(w) >= 0; });
    }
    function rebuild() {
      var wanted = field ? current(form, field) : "", chosen = select.value;
      var words = search ? fold(search.value).split(/\s+/).filter(Boolean) : [];
      select.innerHTML = "";
      groups.forEach(function (g) {
        // the chosen option stays while it fits the kind, so typing in the search box never changes the choice
        var keep = g.options.filter(function (o) { return fits(o, wanted, words) || (o.value === chosen && fits(o, wanted, [])); });
        if (!keep.length) return;
        var parent = select;
        if (g.label !== null) { parent = document.createElement("optgroup"); parent.label = g.label; select.appendChild(parent); }
        keep.forEach(function (o) { parent.appendChild(o); });
      });
      if (Array.prototype.some.call(select.options, function (o) { return o.value === chosen; })) select.value = chosen;
      else if (select.value !== chosen) select.dispatchEvent(new Event("change", {bubbles: true}));
    }
    if (search) {
      search.hidden = false;
      search.addEventListener("input", rebuild);
      search.addEventListener("keydown", function (e) { if (e.key === "Enter") { e.preventDefault(); select.focus(); } });
    }
    if (field && form && form.elements[field]) {
      var others = form.elements[field];
      (others.length && !others.tagName ? Array.prototype.slice.call(others) : [others]).forEach(function (el) {
        el.addEventListener("change", rebuild);
      });
    }
    rebuild();
  }
  function setupShowIf(block) {
    var spec = block.getAttribute("data-show-if").split("="), form = block.closest("form");
    if (!form || !form.elements[spec[0]]) return;
    function toggle() {
      var on = current(form, spec[0]) === spec[1];
      block.hidden = !on;
    }
    var others = form.elements[spec[0]];
    (others.length && !others.tagName ? Array.prototype.slice.call(others) : [others]).forEach(function (el) {
      el.addEventListener("change", toggle);
    });
    toggle();
  }
  function init(scope) {
    scope = scope || document;
    scope.querySelectorAll("[data-filtered-select]:not([data-ready])").forEach(function (el) { el.setAttribute("data-ready", "1"); setupSelect(el); });
    scope.querySelectorAll("[data-show-if]:not([data-ready])").forEach(function (el) { el.setAttribute("data-ready", "1"); setupShowIf(el); });
  }
  document.addEventListener("DOMContentLoaded", function () { init(); });
  document.addEventListener("htmx:load", function (e) { init(e.target); });
})();
