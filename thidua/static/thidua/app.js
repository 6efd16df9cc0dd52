/* Small behaviours every page shares; no framework. */
(function () {
  "use strict";
  // File inputs: show the chosen file's name in the UI's language (the native text follows the browser's).
  document.addEventListener("change", function (event) {
    var input = event.target;
    if (!input.matches || !input.matches(".file-picker input[type=file]")) return;
    var label = input.closest(".file-picker").querySelector(".file-picker-name");
    if (!label) return;
    var files = input.files || [];
    if (files.length === 0) label.textContent = label.dataset.empty;
    else if (files.length === 1) label.textContent = files[0].name;
    else label.textContent = files.length + " " + label.dataset.many;
  });
  // Date fields: typed day first; "02122026" or "2/12/2026" become "02/12/2026" when the field is left.
  document.addEventListener("focusout", function (event) {
    var input = event.target;
    if (!input.matches || !input.matches("input[data-date-input]")) return;
    var value = input.value.trim(), m;
    if ((m = /^(\d{2})(\d{2})(\d{4})$/.exec(value)) || (m = /^(\d{1,2})[\/.\-](\d{1,2})[\/.\-](\d{4})$/.exec(value))) {
      input.value = ("0" + m[1]).slice(-2) + "/" + ("0" + m[2]).slice(-2) + "/" + m[3];
    }
  });
  // Stacked tables (.table-stack, app.css): on a phone each row is a block and each cell a line headed by its
  // column's name. Cells without their own data-label take it from the table's header; the first cell (the row's
  // title), columns without a heading (buttons) and empty cells go without.
  function labelStackedTables(root) {
    var tables = (root && root.querySelectorAll) ? root.querySelectorAll("table.table-stack") : [];
    Array.prototype.forEach.call(tables, function (table) {
      var heads = [];
      Array.prototype.forEach.call(table.querySelectorAll("thead tr:first-child > th"), function (th) {
        var copy = th.cloneNode(true);  // the heading as seen: without a sortable column's hidden hint
        Array.prototype.forEach.call(copy.querySelectorAll(".visually-hidden"), function (n) { n.remove(); });
        var text = copy.textContent.replace(/\s+/g, " ").trim();
        for (var i = 0; i < (th.colSpan || 1); i++) heads.push(i ? "" : text);
      });
      Array.prototype.forEach.call(table.querySelectorAll("tbody > tr"), function (tr) {
        var col = 0;
        Array.prototype.forEach.call(tr.children, function (cell) {
          var blank = !cell.textContent.trim() && !cell.querySelector("input, select, textarea, button, a, img");
          if (col > 0 && heads[col] && !blank && !cell.hasAttribute("data-label") && (cell.colSpan || 1) === 1) {
            cell.setAttribute("data-label", heads[col]);
          }
          col += cell.colSpan || 1;
        });
      });
    });
  }
  labelStackedTables(document);
  document.addEventListener("htmx:afterSwap", function (event) { labelStackedTables(event.target); });
})();
