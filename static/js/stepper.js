// − / + buttons beside number inputs: big targets for thumbs on a phone.
document.querySelectorAll(".stepper-row").forEach((row) => {
  const input = row.querySelector("input");
  row.querySelectorAll("button.step").forEach((button) => {
    button.addEventListener("click", () => {
      const step = Number(button.dataset.step);
      const min = input.min === "" ? -Infinity : Number(input.min);
      const max = input.max === "" ? Infinity : Number(input.max);
      const current = Number.parseInt(input.value, 10);
      const next = Math.min(max, Math.max(min, (Number.isNaN(current) ? 0 : current) + step));
      input.value = String(next);
      input.dispatchEvent(new Event("change", { bubbles: true }));
      // say the new count: focus stays on the button, so a screen reader would not read the input
      const status = row.parentElement.querySelector("[data-step-status]");
      if (status) status.textContent = `${status.dataset.label}: ${next}`;
    });
  });
});
