// Behaviour the pages share, kept out of the markup so the Content-Security-Policy can forbid
// inline script: a <select data-autosubmit> submits its form when it changes.
document.addEventListener("change", (event) => {
  const field = event.target;
  if (field instanceof HTMLSelectElement && field.hasAttribute("data-autosubmit") && field.form) {
    field.form.submit();
  }
});
