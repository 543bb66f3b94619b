// Behaviour the pages share, kept out of the markup so the Content-Security-Policy can forbid
// inline script: a <select data-autosubmit> submits its form when it changes.
document.addEventListener("change", (event) => {
  const field = event.target;
  if (field instanceof HTMLSelectElement && field.hasAttribute("data-autosubmit") && field.form) {
    field.form.submit();
  }
});

// Without script the navigation stays unfolded; with it, narrow screens fold it into a button.
document.documentElement.classList.add("js");

// The navigation's menu button (shown on narrow screens): opens and closes the groups.
document.addEventListener("click", (event) => {
  const button = event.target instanceof Element ? event.target.closest(".menu-toggle") : null;
  if (!button) return;
  const nav = button.closest(".main-nav");
  const open = !nav.classList.contains("open");
  nav.classList.toggle("open", open);
  button.setAttribute("aria-expanded", String(open));
});

// A <button data-copy="#id"> copies the value (or the text) of the element it names.
document.addEventListener("click", (event) => {
  const button = event.target instanceof Element ? event.target.closest("[data-copy]") : null;
  const source = button ? document.querySelector(button.getAttribute("data-copy")) : null;
  if (!source || !navigator.clipboard) return;
  const text = "value" in source ? source.value : source.textContent;
  navigator.clipboard.writeText(text).then(() => {
    button.textContent = button.getAttribute("data-copied") || button.textContent;
  });
});

// A field's error stays until the user changes the field: then it goes, since what it
// said no longer holds for what is typed (the server judges again on the next check).
document.addEventListener("input", (event) => {
  const field = event.target;
  if (!(field instanceof Element) || field.getAttribute("aria-invalid") !== "true") return;
  field.removeAttribute("aria-invalid");
  const box = field.closest(".field, td");
  if (!box) return;
  box.querySelectorAll(".field-error").forEach((error) => error.remove());
  box.classList.remove("has-error");
  const row = box.closest("tr.has-error");
  if (row && !row.querySelector(".field-error")) row.classList.remove("has-error");
});
