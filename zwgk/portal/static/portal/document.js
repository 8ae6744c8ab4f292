// Document page tools: print and copy-link buttons. Both stay hidden without scripts; the
// "打印版" link and the selectable link field do the same job then.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var printButton = document.querySelector("[data-print]");
    if (printButton) {
      printButton.hidden = false;
      printButton.addEventListener("click", function () { window.print(); });
    }
    var copyButton = document.querySelector("[data-copy]");
    var status = document.querySelector(".copy-status");
    if (!copyButton) return;
    var field = document.getElementById(copyButton.getAttribute("data-copy"));
    copyButton.hidden = false;
    function done(ok) { if (status) status.textContent = ok ? "链接已复制" : "请手动复制上面的链接"; }
    copyButton.addEventListener("click", function () {
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(field.value).then(function () { done(true); }, function () { done(false); });
        return;
      }
      // Plain http (intranet deployments) has no clipboard API: select and use the legacy command.
      field.focus();
      field.select();
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
      done(ok);
    });
  });
})();
