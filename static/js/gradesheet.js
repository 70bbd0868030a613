/* Lộ Trình — the grade sheet: keyboard moves, paste from Excel, live validation and averages.
 *
 * Works on any form.gradesheet (score grid or module results). Listeners sit on the document, so a sheet
 * swapped in by htmx needs no set-up. The server checks everything again; this only saves teachers time.
 * Scores are handled in tenths as integers, so averages round half-up exactly like the server (Decimal).
 */
(function () {
  "use strict";

  var CELL = "form.gradesheet td.gs-cell input";

  function fill(template, values) {
    return (template || "").replace(/%\((\w+)\)s/g, function (_, key) {
      return values[key] === undefined ? "" : String(values[key]);
    });
  }

  /* "7,5" → {tenths: 75}; "" → {tenths: null}; refusals carry the message key. */
  function parse(text) {
    var raw = String(text).replace(/\u00a0/g, "").trim();
    if (raw === "") return { tenths: null };
    if (!/^[+-]?\d*([.,]\d*)?$/.test(raw) || !/\d/.test(raw)) return { error: "number" };
    if (raw.charAt(0) === "-" && /[1-9]/.test(raw)) return { error: "range" };
    var parts = raw.replace(/^[+-]/, "").split(/[.,]/);
    var whole = parseInt(parts[0] || "0", 10);
    var decimals = (parts[1] || "").replace(/0+$/, "");
    if (decimals.length > 1) {
      return whole > 10 ? { error: "range" } : { error: "decimals" };
    }
    var tenths = whole * 10 + (decimals ? parseInt(decimals, 10) : 0);
    if (tenths > 100) return { error: "range" };
    return { tenths: tenths };
  }

  function formOf(el) {
    return el.closest("form.gradesheet");
  }

  function grid(form) {
    return Array.prototype.map.call(form.querySelectorAll("tbody tr"), function (tr) {
      return Array.prototype.slice.call(tr.querySelectorAll("td.gs-cell input"));
    });
  }

  function position(input) {
    var rows = grid(formOf(input));
    for (var r = 0; r < rows.length; r++) {
      var c = rows[r].indexOf(input);
      if (c !== -1) return { rows: rows, r: r, c: c };
    }
    return null;
  }

  function focusCell(rows, r, c) {
    if (r < 0 || r >= rows.length || !rows[r].length) return false;
    var input = rows[r][Math.max(0, Math.min(c, rows[r].length - 1))];
    input.focus();
    input.select();
    return true;
  }

  function message(form, input, key, text) {
    var prefix = input.getAttribute("aria-label") || "";
    return prefix + ": " + fill(form.dataset["msg" + key.charAt(0).toUpperCase() + key.slice(1)], { value: text });
  }

  function validate(input) {
    var form = formOf(input);
    var result = parse(input.value);
    var cell = input.closest("td");
    if (result.error) {
      input.setAttribute("aria-invalid", "true");
      input.title = message(form, input, result.error, input.value.trim());
      cell.classList.add("has-error");
    } else {
      input.removeAttribute("aria-invalid");
      input.removeAttribute("title");
      cell.classList.remove("has-error");
    }
    cell.classList.toggle("gs-changed", input.value.trim() !== (input.dataset.initial || ""));
    return result;
  }

  function rowAverage(tr, form) {
    var target = tr.querySelector("[data-avg]");
    var weights = form.dataset.weights ? JSON.parse(form.dataset.weights) : null;
    if (!target || !weights) return;
    var sum = 0, total = 0, present = {}, broken = false, exact = true;
    tr.querySelectorAll("td.gs-cell input").forEach(function (input) {
      var kind = input.dataset.kind, result = parse(input.value), w = Number(weights[kind] || 0);
      if (result.error) broken = true;
      if (result.error || result.tenths === null || !w) return;
      if (w !== Math.floor(w)) exact = false;
      present[kind] = true;
      sum += w * result.tenths;
      total += w;
    });
    var complete = Object.keys(weights).every(function (kind) { return Number(weights[kind]) <= 0 || present[kind]; });
    if (broken || !exact) {
      target.textContent = "—";
    } else if (!complete || !total) {
      target.innerHTML = "";
      var span = document.createElement("span");
      span.className = "gs-incomplete";
      span.textContent = form.dataset.msgIncomplete || "";
      target.appendChild(span);
    } else {
      var tenths = Math.floor((2 * sum + total) / (2 * total)); // half-up on exact integers
      target.textContent = Math.floor(tenths / 10) + "," + (tenths % 10);
    }
  }

  function verdict(tr, form) {
    var select = tr.querySelector("select[data-passed]"), out = tr.querySelector("[data-verdict]");
    var input = tr.querySelector("td.gs-cell input");
    if (!select || !out || !input || !form.dataset.passMark) return;
    var result = parse(input.value);
    out.innerHTML = "";
    if (result.error || result.tenths === null) return;
    var passed = select.value === "" ? result.tenths >= Math.round(Number(form.dataset.passMark) * 10) : select.value === "1";
    var badge = document.createElement("span");
    badge.className = "badge " + (passed ? "badge-green" : "badge-red");
    badge.textContent = passed ? form.dataset.msgPassed : form.dataset.msgFailed;
    out.appendChild(badge);
  }

  function status(form, text, isError) {
    var out = form.querySelector(".gs-status");
    if (!out) return;
    out.textContent = text;
    out.classList.toggle("gs-status-error", !!isError);
  }

  function refresh(form) {
    var changed = form.querySelectorAll("td.gs-changed").length;
    status(form, changed ? fill(form.dataset.msgUnsaved, { n: changed }) : "");
  }

  function touched(input) {
    var form = formOf(input), tr = input.closest("tr");
    validate(input);
    rowAverage(tr, form);
    verdict(tr, form);
  }

  /* A cell takes its whole text when entered, so typing replaces it, as in a spreadsheet; the mouseup that
     follows a click would drop that selection, so it is cancelled once. */
  var justFocused = null;
  document.addEventListener("focusin", function (event) {
    if (event.target.matches && event.target.matches(CELL)) {
      event.target.select();
      justFocused = event.target;
    }
  });
  document.addEventListener("mouseup", function (event) {
    if (event.target === justFocused) event.preventDefault();
    justFocused = null;
  });

  document.addEventListener("input", function (event) {
    if (!event.target.matches(CELL)) return;
    touched(event.target);
    refresh(formOf(event.target));
  });

  document.addEventListener("change", function (event) {
    if (event.target.matches("form.gradesheet select[data-passed]")) {
      verdict(event.target.closest("tr"), formOf(event.target));
    }
  });

  document.addEventListener("keydown", function (event) {
    var input = event.target;
    if (!input.matches || !input.matches(CELL) || event.altKey || event.ctrlKey || event.metaKey) return;
    var at = position(input);
    if (!at) return;
    var moved = false;
    var start = input.selectionStart, end = input.selectionEnd, length = input.value.length;
    switch (event.key) {
      case "Enter": // never submits from a cell: Enter goes down, Shift+Enter up, like a spreadsheet
        moved = focusCell(at.rows, at.r + (event.shiftKey ? -1 : 1), at.c) || true;
        break;
      case "ArrowDown":
        moved = focusCell(at.rows, at.r + 1, at.c);
        break;
      case "ArrowUp":
        moved = focusCell(at.rows, at.r - 1, at.c);
        break;
      case "ArrowLeft":
        if (start === 0 && end === 0 || start === 0 && end === length) moved = focusCell(at.rows, at.r, at.c - 1);
        break;
      case "ArrowRight":
        if (start === length && end === length || start === 0 && end === length) moved = focusCell(at.rows, at.r, at.c + 1);
        break;
    }
    if (moved) event.preventDefault();
  });

  /* A block copied from Excel or Google Sheets: rows end with a newline, cells are separated by tabs. */
  document.addEventListener("paste", function (event) {
    var input = event.target;
    if (!input.matches || !input.matches(CELL)) return;
    var data = event.clipboardData || window.clipboardData;
    var text = data ? data.getData("text/plain") || data.getData("text") : "";
    if (!/[\t\r\n]/.test(text)) return; // one value: the browser pastes it as usual
    event.preventDefault();
    var lines = text.replace(/\r\n?/g, "\n").replace(/\n+$/, "").split("\n");
    var at = position(input), cols = 0, form = formOf(input);
    lines.forEach(function (line, i) {
      var row = at.rows[at.r + i];
      if (!row) return;
      var values = line.split("\t");
      cols = Math.max(cols, values.length);
      values.forEach(function (value, j) {
        var target = row[at.c + j];
        if (!target) return;
        target.value = value.trim();
        touched(target);
      });
    });
    var pasted = fill(form.dataset.msgPasted, { rows: Math.min(lines.length, at.rows.length - at.r), cols: cols });
    var unsaved = form.querySelectorAll("td.gs-changed").length;
    status(form, pasted + (unsaved ? " " + fill(form.dataset.msgUnsaved, { n: unsaved }) : ""));
  });

  /* Nothing leaves the browser while a cell is wrong; capture runs before htmx's own submit handler. */
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches || !form.matches("form.gradesheet")) return;
    Array.prototype.forEach.call(form.querySelectorAll("td.gs-cell input"), validate);
    var wrong = form.querySelectorAll("td.gs-cell input[aria-invalid=true]");
    if (!wrong.length) return;
    event.preventDefault();
    event.stopImmediatePropagation();
    status(form, form.dataset.msgBlocked + " " + wrong[0].title, true);
    wrong[0].focus();
  }, true);

  /* Leaving with unsaved scores asks first. */
  window.addEventListener("beforeunload", function (event) {
    if (document.querySelector("form.gradesheet td.gs-changed") && !document.body.dataset.gsSubmitting) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
  document.addEventListener("submit", function (event) {
    if (event.target.matches && event.target.matches("form.gradesheet") && !event.defaultPrevented) {
      document.body.dataset.gsSubmitting = "1";
    }
  });
  /* A sheet that comes back with typed values (after refused cells) shows what is still unsaved. */
  function prepare() {
    document.querySelectorAll("form.gradesheet").forEach(function (form) {
      form.querySelectorAll("td.gs-cell input").forEach(function (input) {
        if (input.getAttribute("aria-invalid") !== "true") validate(input);
        else input.closest("td").classList.toggle("gs-changed", input.value.trim() !== (input.dataset.initial || ""));
      });
      refresh(form);
    });
  }
  document.addEventListener("htmx:afterSwap", function () {
    delete document.body.dataset.gsSubmitting;
    prepare();
  });
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", prepare);
  else prepare();
})();
