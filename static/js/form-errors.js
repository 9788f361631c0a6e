// A page that comes back with form errors: move focus to the first field in error, so a screen
// reader reads its label and message (the summary above is announced by its role="alert").
// Done on "load": moving to the page's #fragment happens before it and would otherwise win.
window.addEventListener("load", () => {
  const first = document.querySelector(".field.has-error input, .field.has-error select, .field.has-error textarea");
  if (first && document.activeElement === document.body) first.focus();
});
