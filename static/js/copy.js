// Buttons with data-copy="#selector" copy that input's text to the clipboard.
document.querySelectorAll("[data-copy]").forEach((button) => {
  button.addEventListener("click", () => {
    const input = document.querySelector(button.dataset.copy);
    if (!input) return;
    input.select();
    const done = () => { button.textContent = button.dataset.copied; };
    if (navigator.clipboard) {
      navigator.clipboard.writeText(input.value).then(done, () => { document.execCommand("copy"); done(); });
    } else {
      document.execCommand("copy");
      done();
    }
  });
});
