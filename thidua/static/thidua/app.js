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
})();
