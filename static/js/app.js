// Behaviour for every page, from data attributes: the pages carry no inline script or handler, so the
// Content-Security-Policy can forbid both (script-src 'self', style-src 'self').
//   data-nav-toggle="<id>"   a button that opens and closes that menu
//   data-autosubmit          a select that submits its form when changed
//   data-confirm="<text>"    a form that asks before it is sent
//   data-width="<percent>"   a bar or meter filled to that width (set through the CSSOM, which CSP allows)
(function () {
  "use strict";

  function fill(root) {
    root.querySelectorAll("[data-width]").forEach(function (element) {
      element.style.width = element.dataset.width + "%";
    });
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-nav-toggle]");
    if (!button) return;
    var menu = document.getElementById(button.dataset.navToggle);
    menu.classList.toggle("open");
    button.setAttribute("aria-expanded", menu.classList.contains("open"));
  });

  document.addEventListener("change", function (event) {
    var select = event.target.closest("select[data-autosubmit]");
    if (select) select.form.requestSubmit();
  });

  document.addEventListener("submit", function (event) {
    var form = event.target.closest("form[data-confirm]");
    if (form && !window.confirm(form.dataset.confirm)) event.preventDefault();
  }, true);

  fill(document);
  document.addEventListener("htmx:load", function (event) { fill(event.detail.elt); });
})();
