// The site header's behaviour: the accessibility toolbar Chinese government sites offer (settings
// persist in localStorage) and the collapsible menu and toolbar on phones. Loaded in <head>
// without `defer` so the saved font size and modes apply before the first paint (no flash).
(function () {
  "use strict";
  var KEY = "zwgk-a11y";
  var MIN = 14, MAX = 28, NORMAL = 16;
  var ELDERLY = 22; // 长者模式: at least 22 px text (the issue asks for ≥ 20 px)
  var MODES = ["contrast", "reading-line", "elderly"];
  var root = document.documentElement;
  root.classList.add("js");

  function load() { try { return JSON.parse(localStorage.getItem(KEY)) || {}; } catch (e) { return {}; } }
  function save(s) { try { localStorage.setItem(KEY, JSON.stringify(s)); } catch (e) { /* private mode */ } }

  // Modes are classes on <html>, where the stylesheet reads --base: a class on <body> set a
  // variable no rule above it could see.
  function apply(s) {
    var size = s.font || NORMAL;
    if (s.elderly) size = Math.max(size, ELDERLY);
    if (size === NORMAL) root.style.removeProperty("--base");
    else root.style.setProperty("--base", size + "px");
    MODES.forEach(function (name) {
      root.classList.toggle("a11y-" + name, !!s[name]);
      var btn = document.querySelector('[data-a11y="' + name + '"]');
      if (btn) btn.setAttribute("aria-pressed", s[name] ? "true" : "false");
    });
  }

  var state = load();
  apply(state);

  function toggler(button, target, openClass) {
    button.hidden = false;
    button.addEventListener("click", function () {
      var open = button.getAttribute("aria-expanded") !== "true";
      button.setAttribute("aria-expanded", open ? "true" : "false");
      target.classList.toggle(openClass, open);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    apply(state);
    document.querySelectorAll("[data-a11y]").forEach(function (btn) {
      btn.addEventListener("click", function () {
        var action = btn.getAttribute("data-a11y");
        if (action === "font-up") state.font = Math.min(MAX, (state.font || NORMAL) + 2);
        else if (action === "font-down") state.font = Math.max(MIN, (state.font || NORMAL) - 2);
        else if (action === "reset") state = {};
        else state[action] = !state[action];
        save(state); apply(state);
      });
    });
    document.querySelectorAll("[data-toggle]").forEach(function (button) {
      var target = document.getElementById(button.getAttribute("aria-controls"));
      if (target) toggler(button, target, "is-open");
    });
    var line = document.querySelector(".reading-line");
    document.addEventListener("mousemove", function (e) {
      if (line && state["reading-line"]) line.style.top = (e.clientY + 4) + "px";
    });
  });
})();
