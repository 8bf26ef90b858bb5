// jixiao web app: behaviour shared by every page (CSP: no inline scripts; see base.html).
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  // <button data-confirm="…">: ask before destructive actions
  document.body.addEventListener("click", (event) => {
    const el = event.target.closest("[data-confirm]");
    if (el && !window.confirm(el.dataset.confirm)) {
      event.preventDefault();
      event.stopPropagation();
    }
  });
  // <select data-autosubmit>: filters apply when changed
  document.querySelectorAll("select[data-autosubmit]").forEach((el) => {
    el.addEventListener("change", () => el.form && el.form.requestSubmit());
  });
});
