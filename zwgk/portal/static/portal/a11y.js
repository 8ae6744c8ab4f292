// The accessibility toolbar Chinese government sites offer; settings persist in localStorage.
(function () {
  "use strict";
  var KEY = "zwgk-a11y";
  var MIN = 14, MAX = 26;
  function load() { try { return JSON.parse(localStorage.getItem(KEY)) || {}; } catch (e) { return {}; } }
  function save(s) { try { localStorage.setItem(KEY, JSON.stringify(s)); } catch (e) { /* private mode */ } }
  function apply(s) {
    document.documentElement.style.setProperty("--base", (s.font || 16) + "px");
    ["contrast", "reading-line", "elderly"].forEach(function (name) {
      document.body.classList.toggle("a11y-" + name, !!s[name]);
      var btn = document.querySelector('[data-a11y="' + name + '"]');
      if (btn) btn.setAttribute("aria-pressed", s[name] ? "true" : "false");
    });
    if (s.elderly && !s.font) document.documentElement.style.removeProperty("--base");
  }
  document.addEventListener("DOMContentLoaded", function () {
    var state = load();
    apply(state);
    document.querySelectorAll("[data-a11y]").forEach(function (btn) {
      btn.addEventListener("click", function () {
        var action = btn.getAttribute("data-a11y");
        if (action === "font-up") state.font = Math.min(MAX, (state.font || 16) + 2);
        else if (action === "font-down") state.font = Math.max(MIN, (state.font || 16) - 2);
        else if (action === "reset") state = {};
        else state[action] = !state[action];
        save(state); apply(state);
      });
    });
    var line = document.querySelector(".reading-line");
    document.addEventListener("mousemove", function (e) {
      if (line && state["reading-line"]) line.style.top = (e.clientY + 4) + "px";
    });
  });
})();
