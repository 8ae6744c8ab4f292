/* Back-office form enhancements (issue 20 item 5, docs/decisions/0020-back-office-forms.md).
 *
 * Every enhancement starts from a plain HTML control that works without JavaScript:
 *   textarea[data-richtext]       → Squire rich-text editor with a small toolbar
 *   select[data-filter]           → filterable list with chips (several, or one for a single
 *                                   select such as the item page's 放入栏目)
 *   input[data-docpick]           → autocomplete of documents by title or 发文字号
 * The server sanitises every body (zwgk/catalog/html.py, nh3); the clean-up here only keeps the
 * editor showing what will be stored, and turns Word's pseudo-lists into real lists.
 * Loaded as a static file: no inline script, no eval (script-src 'self').
 */
(function () {
  "use strict";

  var uid = 0;
  function nextId(prefix) {
    uid += 1;
    return prefix + "-" + uid;
  }

  /* ---------- Rich text ---------- */

  // Mirrors ALLOWED_TAGS of zwgk/catalog/html.py; other tags are unwrapped (their text kept).
  var KEEP = {
    P: 1, BR: 1, H2: 1, H3: 1, H4: 1, STRONG: 1, B: 1, EM: 1, I: 1, U: 1, SUB: 1, SUP: 1,
    UL: 1, OL: 1, LI: 1, TABLE: 1, THEAD: 1, TBODY: 1, TR: 1, TH: 1, TD: 1, CAPTION: 1,
    A: 1, IMG: 1, BLOCKQUOTE: 1, DIV: 1, SPAN: 1, HR: 1
  };
  // Word's and other sites' headings mapped onto the levels a document body uses (h1 is the page's title).
  var RENAME = { H1: "H2", H5: "H4", H6: "H4", TFOOT: "TBODY" };
  var DROP = {
    SCRIPT: 1, STYLE: 1, TEMPLATE: 1, IFRAME: 1, OBJECT: 1, EMBED: 1, HEAD: 1, TITLE: 1, META: 1,
    LINK: 1, SVG: 1, MATH: 1, NOSCRIPT: 1, XML: 1, FORM: 1, INPUT: 1, BUTTON: 1, SELECT: 1, TEXTAREA: 1
  };
  var ATTRS = {
    A: ["href", "title"], IMG: ["src", "alt", "width", "height"], TD: ["colspan", "rowspan"],
    TH: ["colspan", "rowspan", "scope"]
  };
  var SAFE_URL = /^(https?:|mailto:)/i;
  var ORDERED_MARKER = /^\s*([(（]?[0-9]+[.)、．）]|[(（]?[一二三四五六七八九十]+[、)）.]|[(（]?[a-zA-Z][.)）])/;

  function styleOf(el) {
    return (el.getAttribute && el.getAttribute("style")) || "";
  }

  function wordListLevel(el) {
    if (el.nodeName !== "P") return 0;
    var style = styleOf(el);
    if (!/mso-list:\s*l\d/i.test(style) && !/MsoListParagraph/i.test(el.className || "")) return 0;
    var m = /level(\d+)/i.exec(style);
    return m ? parseInt(m[1], 10) : 1;
  }

  // Word (desktop) pastes a list as paragraphs styled mso-list with the bullet or number in a
  // span marked mso-list:Ignore; rebuild <ul>/<ol> so the structure survives.
  function rebuildWordLists(doc) {
    var paras = Array.prototype.slice.call(doc.querySelectorAll("p"));
    var stack = [];
    paras.forEach(function (p) {
      var level = wordListLevel(p);
      if (!level) return;
      // A list paragraph continues the list just built before it; anything else starts a new one.
      var prev = p.previousElementSibling;
      if (!(prev && prev.hasAttribute("data-word-list") && stack.length && stack[0] === prev)) stack = [];
      var marker = "";
      Array.prototype.slice.call(p.querySelectorAll("span")).forEach(function (span) {
        if (/mso-list:\s*Ignore/i.test(styleOf(span))) {
          marker += span.textContent;
          span.remove();
        }
      });
      // Some exports put the marker inside conditional comments instead.
      if (!marker) {
        var m = ORDERED_MARKER.exec(p.textContent);
        if (m) marker = m[0];
      }
      var tag = ORDERED_MARKER.test(marker) ? "OL" : "UL";
      while (stack.length > level) stack.pop();
      var li = doc.createElement("li");
      while (p.firstChild) li.appendChild(p.firstChild);
      if (stack.length < level) {
        var list = doc.createElement(tag);
        if (stack.length) {
          var parentList = stack[stack.length - 1];
          (parentList.lastElementChild || parentList).appendChild(list);
        } else {
          p.parentNode.insertBefore(list, p);
        }
        while (stack.length < level - 1) stack.push(list);
        stack.push(list);
      }
      stack[stack.length - 1].appendChild(li);
      p.parentNode.removeChild(p);
      stack[0].setAttribute("data-word-list", "1");
    });
    Array.prototype.slice.call(doc.querySelectorAll("[data-word-list]")).forEach(function (el) {
      el.removeAttribute("data-word-list");
    });
  }

  function copyClean(src, out) {
    Array.prototype.forEach.call(src.childNodes, function (node) {
      if (node.nodeType === 3) {
        out.appendChild(document.createTextNode(node.nodeValue));
        return;
      }
      if (node.nodeType !== 1) return; // comments, Word's conditional blocks
      var name = node.nodeName.toUpperCase();
      if (DROP[name] || name.indexOf(":") !== -1) {
        // <o:p> and other Office namespaces carry no text worth keeping, only spacing.
        return;
      }
      name = RENAME[name] || name;
      if (!KEEP[name]) {
        copyClean(node, out);
        return;
      }
      // Word's pasted pictures point at the author's disk (file:///C:/…): nothing to show.
      if (name === "IMG" && !SAFE_URL.test((node.getAttribute("src") || "").trim())) return;
      var el = document.createElement(name);
      (ATTRS[name] || []).forEach(function (attr) {
        var value = node.getAttribute(attr);
        if (value === null) return;
        if ((attr === "href" || attr === "src") && !SAFE_URL.test(value.trim())) return;
        el.setAttribute(attr, value);
      });
      if (name === "P" || name === "DIV") {
        var align = node.style && node.style.textAlign;
        if (/^(left|right|center|justify)$/.test(align || "")) el.style.textAlign = align;
      }
      copyClean(node, el);
      out.appendChild(el);
    });
  }

  // Parsed by DOMParser: an inert document, so nothing in the pasted HTML runs or loads.
  function sanitizeToFragment(html) {
    var doc = new DOMParser().parseFromString(String(html || ""), "text/html");
    rebuildWordLists(doc);
    var frag = document.createDocumentFragment();
    copyClean(doc.body, frag);
    return frag;
  }

  var BLOCK_STYLES = [
    { tag: "P", label: "正文段落" },
    { tag: "H2", label: "二级标题" },
    { tag: "H3", label: "三级标题" }
  ];

  function setBlockTag(editor, tag) {
    editor.modifyBlocks(function (frag) {
      Array.prototype.slice.call(frag.childNodes).forEach(function (block) {
        if (!/^(P|DIV|H[1-6])$/.test(block.nodeName)) return;
        var el = document.createElement(tag);
        while (block.firstChild) el.appendChild(block.firstChild);
        frag.replaceChild(el, block);
      });
      return frag;
    });
  }

  function richText(textarea) {
    if (typeof window.Squire !== "function") return;
    var label = document.querySelector('label[for="' + textarea.id + '"]');
    var box = document.createElement("div");
    box.className = "rte";
    var toolbar = document.createElement("div");
    toolbar.className = "rte-toolbar";
    toolbar.setAttribute("role", "toolbar");
    toolbar.setAttribute("aria-label", (label ? label.textContent : "正文") + "格式");
    var area = document.createElement("div");
    area.className = "rte-area";
    area.id = textarea.id + "-editor";
    area.setAttribute("role", "textbox");
    area.setAttribute("aria-multiline", "true");
    if (label) {
      if (!label.id) label.id = nextId("lbl");
      area.setAttribute("aria-labelledby", label.id);
      // The label now names the editor: clicking it focuses the editor, not the hidden textarea.
      label.setAttribute("for", area.id);
    }
    var describedBy = textarea.getAttribute("aria-describedby");
    if (describedBy) area.setAttribute("aria-describedby", describedBy);
    box.appendChild(toolbar);
    box.appendChild(area);
    textarea.parentNode.insertBefore(box, textarea);
    textarea.hidden = true;

    var editor = new window.Squire(area, {
      blockTag: "P",
      sanitizeToDOMFragment: sanitizeToFragment
    });
    editor.setHTML(textarea.value);
    var sync = function () {
      textarea.value = editor.getHTML();
    };
    editor.addEventListener("input", sync);
    editor.addEventListener("pathChange", sync);
    if (textarea.form) textarea.form.addEventListener("submit", sync);

    function button(text, run) {
      var b = document.createElement("button");
      b.type = "button";
      b.className = "btn-secondary btn-small";
      b.textContent = text;
      b.addEventListener("click", function () {
        run();
        editor.focus();
        sync();
      });
      toolbar.appendChild(b);
      return b;
    }
    BLOCK_STYLES.forEach(function (s) {
      button(s.label, function () {
        setBlockTag(editor, s.tag);
      });
    });
    button("加粗", function () {
      if (editor.hasFormat("B") || editor.hasFormat("STRONG")) editor.removeBold();
      else editor.bold();
    });
    button("项目列表", function () {
      editor.makeUnorderedList();
    });
    button("编号列表", function () {
      editor.makeOrderedList();
    });
    button("取消列表", function () {
      editor.removeList();
    });
    button("撤销", function () {
      editor.undo();
    });
    button("重做", function () {
      editor.redo();
    });
    // Tests and other scripts reach the editor through its element.
    area.squire = editor;
  }

  /* ---------- Filterable select (several options, or one) ---------- */

  function multiSelect(select) {
    // A single select picks one option: choosing another replaces it, and its empty choice
    // ("---------") is what removing the chip selects, not an option of the list.
    var single = !select.multiple;
    // The hidden control cannot show the browser's "required" bubble; the server says it instead.
    if (single) select.removeAttribute("required");
    var label = document.querySelector('label[for="' + select.id + '"]');
    var name = label ? label.textContent.replace(/[：:]\s*$/, "") : "选项";
    var box = document.createElement("div");
    box.className = "ms";
    var chips = document.createElement("ul");
    chips.className = "ms-chips";
    chips.setAttribute("aria-label", "已选" + name);
    var filter = document.createElement("input");
    filter.type = "search";
    filter.className = "ms-filter";
    filter.id = select.id + "-filter";
    filter.setAttribute("autocomplete", "off");
    filter.setAttribute("placeholder", "输入文字筛选");
    var listId = select.id + "-options";
    filter.setAttribute("role", "combobox");
    filter.setAttribute("aria-controls", listId);
    filter.setAttribute("aria-expanded", "true");
    filter.setAttribute("aria-autocomplete", "list");
    // The field's help text now describes the filter box, which is what receives focus.
    var help = select.getAttribute("aria-describedby");
    if (help) filter.setAttribute("aria-describedby", help);
    if (label) {
      label.setAttribute("for", filter.id);
      if (!label.id) label.id = nextId("lbl");
    }
    var list = document.createElement("ul");
    list.className = "ms-list";
    list.id = listId;
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-multiselectable", single ? "false" : "true");
    if (label) list.setAttribute("aria-labelledby", label.id);
    var status = document.createElement("p");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");

    var options = Array.prototype.filter.call(select.options, function (opt) {
      return !(single && opt.value === "");
    });
    var items = options.map(function (opt, i) {
      var li = document.createElement("li");
      li.id = select.id + "-opt-" + i;
      li.setAttribute("role", "option");
      li.className = "ms-option";
      li.textContent = opt.text;
      li.addEventListener("mousedown", function (e) {
        e.preventDefault(); // keep focus in the filter box
      });
      li.addEventListener("click", function () {
        setActive(li);
        toggle(li);
        filter.focus();
      });
      list.appendChild(li);
      return { li: li, opt: opt, text: opt.text.toLowerCase() };
    });

    var active = null;
    function visible() {
      return items.filter(function (it) {
        return !it.li.hidden;
      });
    }
    function setActive(li) {
      if (active) active.classList.remove("ms-active");
      active = li;
      if (li) {
        li.classList.add("ms-active");
        filter.setAttribute("aria-activedescendant", li.id);
        if (li.scrollIntoView) li.scrollIntoView({ block: "nearest" });
      } else {
        filter.removeAttribute("aria-activedescendant");
      }
    }
    function itemOf(li) {
      for (var i = 0; i < items.length; i++) if (items[i].li === li) return items[i];
      return null;
    }
    function clearSingle() {
      select.value = "";
      if (select.value !== "") select.selectedIndex = -1;
    }
    function toggle(li) {
      var it = itemOf(li);
      if (!it) return;
      if (single && it.opt.selected) clearSingle();
      else it.opt.selected = !it.opt.selected;
      render();
      status.textContent = (it.opt.selected ? "已选择：" : "已取消：") + it.opt.text;
    }
    function render() {
      chips.textContent = "";
      items.forEach(function (it) {
        it.li.setAttribute("aria-selected", it.opt.selected ? "true" : "false");
        if (!it.opt.selected) return;
        var chip = document.createElement("li");
        var remove = document.createElement("button");
        remove.type = "button";
        remove.className = "ms-chip";
        remove.textContent = it.opt.text + " ×";
        remove.setAttribute("aria-label", "移除" + it.opt.text);
        remove.addEventListener("click", function () {
          if (single) clearSingle();
          else it.opt.selected = false;
          render();
          status.textContent = "已取消：" + it.opt.text;
          filter.focus();
        });
        chip.appendChild(remove);
        chips.appendChild(chip);
      });
    }
    function applyFilter() {
      var q = filter.value.trim().toLowerCase();
      var count = 0;
      items.forEach(function (it) {
        it.li.hidden = q !== "" && it.text.indexOf(q) === -1;
        if (!it.li.hidden) count += 1;
      });
      var shown = visible();
      setActive(shown.length ? shown[0].li : null);
      status.textContent = "匹配" + count + "项";
    }
    filter.addEventListener("input", applyFilter);
    filter.addEventListener("keydown", function (e) {
      var shown = visible();
      var idx = -1;
      for (var i = 0; i < shown.length; i++) if (shown[i].li === active) idx = i;
      if (e.key === "ArrowDown") {
        e.preventDefault();
        if (shown.length) setActive(shown[Math.min(idx + 1, shown.length - 1)].li);
      } else if (e.key === "ArrowUp") {
        e.preventDefault();
        if (shown.length) setActive(shown[Math.max(idx - 1, 0)].li);
      } else if (e.key === "Enter") {
        // Enter picks the highlighted option instead of submitting the form.
        e.preventDefault();
        if (active) toggle(active);
      } else if (e.key === "Escape" && filter.value) {
        e.preventDefault();
        filter.value = "";
        applyFilter();
      }
    });

    box.appendChild(chips);
    box.appendChild(filter);
    box.appendChild(list);
    box.appendChild(status);
    select.parentNode.insertBefore(box, select);
    select.hidden = true;
    select.setAttribute("aria-hidden", "true");
    select.tabIndex = -1;
    render();
  }

  /* ---------- Document picker ---------- */

  function docPick(input) {
    var url = input.getAttribute("data-docpick");
    var listId = input.id + "-suggest";
    var list = document.createElement("ul");
    list.className = "ac-list";
    list.id = listId;
    list.setAttribute("role", "listbox");
    list.hidden = true;
    var status = document.createElement("p");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-controls", listId);
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("autocomplete", "off");
    input.parentNode.insertBefore(list, input.nextSibling);
    input.parentNode.insertBefore(status, list.nextSibling);
    var results = [];
    var active = -1;
    var timer = null;
    var seq = 0;

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }
    function highlight(i) {
      var lis = list.children;
      for (var k = 0; k < lis.length; k++) lis[k].setAttribute("aria-selected", k === i ? "true" : "false");
      active = i;
      if (i >= 0 && lis[i]) input.setAttribute("aria-activedescendant", lis[i].id);
    }
    function choose(i) {
      var r = results[i];
      if (!r) return;
      input.value = r.ref;
      close();
      status.textContent = "已选择：" + r.title;
    }
    function show(data) {
      results = data.results || [];
      list.textContent = "";
      results.forEach(function (r, i) {
        var li = document.createElement("li");
        li.id = listId + "-" + i;
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        li.textContent = r.title + (r.doc_no ? "（" + r.doc_no + "）" : "") + " · " + r.organization;
        li.addEventListener("mousedown", function (e) {
          e.preventDefault();
        });
        li.addEventListener("click", function () {
          choose(i);
        });
        list.appendChild(li);
      });
      list.hidden = results.length === 0;
      input.setAttribute("aria-expanded", results.length ? "true" : "false");
      status.textContent = results.length ? "找到" + results.length + "个文件，用上下键选择" : "没有匹配的文件";
      active = -1;
    }
    function lookup() {
      var q = input.value.trim();
      if (q.length < 2) {
        close();
        return;
      }
      seq += 1;
      var mine = seq;
      fetch(url + (url.indexOf("?") === -1 ? "?" : "&") + "q=" + encodeURIComponent(q), { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (r) {
          return r.ok ? r.json() : { results: [] };
        })
        .then(function (data) {
          if (mine === seq) show(data);
        })
        .catch(function () {});
    }
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(lookup, 200);
    });
    input.addEventListener("keydown", function (e) {
      if (list.hidden) return;
      if (e.key === "ArrowDown") {
        e.preventDefault();
        highlight(Math.min(active + 1, results.length - 1));
      } else if (e.key === "ArrowUp") {
        e.preventDefault();
        highlight(Math.max(active - 1, 0));
      } else if (e.key === "Enter" && active >= 0) {
        e.preventDefault();
        choose(active);
      } else if (e.key === "Escape") {
        e.preventDefault();
        close();
      }
    });
    input.addEventListener("blur", function () {
      setTimeout(close, 150);
    });
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("textarea[data-richtext]"), richText);
    Array.prototype.forEach.call(document.querySelectorAll("select[data-filter]"), multiSelect);
    Array.prototype.forEach.call(document.querySelectorAll("input[data-docpick]"), docPick);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
