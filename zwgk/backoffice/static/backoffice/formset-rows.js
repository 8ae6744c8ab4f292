// "添加一行" for Django formsets (progressive enhancement): without this script the button posts
// the form and the server redraws it with one more row; with it, the row is added in place from
// the <template> holding the formset's empty form, and TOTAL_FORMS counts it.
(function () {
  "use strict";
  document.querySelectorAll("button[data-add-row]").forEach(function (button) {
    var rows = document.getElementById(button.getAttribute("data-add-row"));
    var template = document.getElementById(button.getAttribute("data-template"));
    if (!rows || !template) return;
    var prefix = rows.getAttribute("data-formset-prefix");
    var total = button.form.querySelector('input[name="' + prefix + '-TOTAL_FORMS"]');
    var max = button.form.querySelector('input[name="' + prefix + '-MAX_NUM_FORMS"]');
    button.addEventListener("click", function (event) {
      event.preventDefault();
      var index = parseInt(total.value, 10);
      if (max && index >= parseInt(max.value, 10)) return;
      var html = template.innerHTML.replace(/__prefix__/g, String(index)).replace(/__number__/g, String(index + 1));
      rows.insertAdjacentHTML("beforeend", html);
      total.value = String(index + 1);
      var added = rows.lastElementChild;
      var first = added && added.querySelector("select, input");
      if (first) first.focus();
    });
  });
})();
