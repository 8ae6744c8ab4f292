// Wide tables scroll inside their own box (backoffice.css). A box that scrolls must be reachable
// by keyboard (WCAG 2.1.1): give every box that actually overflows a tab stop and a name, on
// load and whenever the window's width changes. Boxes that fit are left alone.
(function () {
  "use strict";
  var SELECTOR = ".table-scroll, .table-wrap, .matrix-wrap, .staff-main table";
  function mark() {
    document.querySelectorAll(SELECTOR).forEach(function (box) {
      if (box.tagName === "TABLE" && getComputedStyle(box).display !== "block") return;
      var scrolls = box.scrollWidth > box.clientWidth + 1;
      if (scrolls && !box.hasAttribute("tabindex")) {
        box.setAttribute("tabindex", "0");
        box.setAttribute("data-scroll-box", "");
        if (box.tagName !== "TABLE" && !box.hasAttribute("role")) {
          var caption = box.querySelector("caption");
          box.setAttribute("role", "region");
          box.setAttribute("aria-label", (caption ? caption.textContent.trim() + "，" : "") + "表格可左右滚动");
        }
      } else if (!scrolls && box.hasAttribute("data-scroll-box")) {
        box.removeAttribute("tabindex");
        box.removeAttribute("data-scroll-box");
      }
    });
  }
  document.addEventListener("DOMContentLoaded", mark);
  var timer;
  window.addEventListener("resize", function () { clearTimeout(timer); timer = setTimeout(mark, 150); });
})();
