// The roll: with JavaScript a learner is one big button that cycles through the statuses; without it the
// radios work.
(function () {
  "use strict";
  var form = document.getElementById("roll-form");
  if (!form) return;
  var order = ["present", "unexcused", "excused", "late"];
  var labels = {};
  form.querySelectorAll(".roll-row:first-child .roll-choice").forEach(function (label) {
    var input = label.querySelector("input");
    labels[input.value] = label.textContent.trim();
  });
  form.classList.add("js");
  function recount() {
    var counts = {present: 0, absent: 0, late: 0};
    form.querySelectorAll(".roll-row").forEach(function (row) {
      var status = row.dataset.status;
      counts[status === "present" ? "present" : status === "late" ? "late" : "absent"] += 1;
    });
    Object.keys(counts).forEach(function (key) { form.querySelector('[data-count="' + key + '"]').textContent = counts[key]; });
  }
  form.querySelectorAll(".roll-tap").forEach(function (button) {
    button.hidden = false;
    var row = button.closest(".roll-row");
    button.setAttribute("aria-label", row.querySelector(".roll-name").textContent.trim() + ": " + labels[row.dataset.status]);
    button.addEventListener("click", function () {
      var next = order[(order.indexOf(row.dataset.status) + 1) % order.length];
      row.querySelector('input[value="' + next + '"]').checked = true;
      row.dataset.status = next;
      button.querySelector(".roll-pill").textContent = labels[next];
      button.setAttribute("aria-label", row.querySelector(".roll-name").textContent.trim() + ": " + labels[next]);
      recount();
    });
  });
  form.addEventListener("submit", function () { form.querySelector(".roll-save").disabled = true; });
})();
