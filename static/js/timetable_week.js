// The week's timetable: one of class, teacher and room at a time; choosing one clears the others and shows it.
(function () {
  "use strict";
  var form = document.getElementById("week-choice");
  if (!form) return;
  var selects = ["lop", "gv", "phong"].map(function (name) { return form.elements[name]; });
  selects.forEach(function (select) {
    select.addEventListener("change", function () {
      selects.forEach(function (other) { if (other !== select) other.value = ""; });
      if (select.value) form.requestSubmit();
    });
  });
})();
