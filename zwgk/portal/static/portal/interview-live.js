/* A live interview: fetch the answered questions every 15 s and put them in place, so readers
   see new answers without reloading the page. Without JavaScript the "刷新问答" link reloads it.
   The fragment comes from the page cache (decision 0037): unchanged, it costs no query. */
(function () {
  "use strict";
  var box = document.getElementById("answers");
  if (!box || !box.getAttribute("data-url")) { return; }
  var last = box.innerHTML;
  function poll() {
    fetch(box.getAttribute("data-url"), { credentials: "omit", headers: { Accept: "text/html" } })
      .then(function (r) { return r.ok ? r.text() : Promise.reject(r.status); })
      .then(function (html) {
        if (html !== last) { box.innerHTML = html; last = html; }
        window.setTimeout(poll, 15000);
      })
      .catch(function () { window.setTimeout(poll, 30000); });
  }
  window.setTimeout(poll, 15000);
})();
