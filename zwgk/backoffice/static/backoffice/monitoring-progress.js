/* A running round's progress: polls the small JSON endpoint every 2 s and reloads the page when
   the round is finished, so its results show. Without JavaScript the "刷新" link does the same. */
(function () {
  "use strict";
  var box = document.getElementById("round-progress");
  if (!box) { return; }
  function poll() {
    fetch(box.getAttribute("data-url"), { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.json(); })
      .then(function (p) {
        if (p.finished) { window.location.reload(); return; }
        document.getElementById("round-status").textContent = p.status_label;
        document.getElementById("pages-done").textContent = p.pages_done;
        document.getElementById("pages-total").textContent = p.pages_total;
        var bar = document.getElementById("round-bar");
        bar.max = Math.max(p.pages_total, 1);
        bar.value = p.pages_done;
        window.setTimeout(poll, 2000);
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, 2000);
})();
