// The judge's keyboard: 1–9 and 0 (=10) score the current criterion and move on, ↑/↓ (or Tab) move
// between criteria, ←/→ change the current score, Enter saves and opens the next entry.
// The keys work anywhere on the page (after clicking the video too) unless the judge is typing in a text field.
(function () {
  "use strict";
  const form = document.getElementById("score-form");
  if (!form || form.dataset.locked === "true") return;
  const groups = Array.from(form.querySelectorAll("fieldset.criterion"));
  if (!groups.length) return;
  let current = 0;

  function radios(group) { return Array.from(group.querySelectorAll('input[type="radio"]')); }

  function focus(i) {
    current = Math.max(0, Math.min(groups.length - 1, i));
    groups.forEach((g, n) => g.classList.toggle("current", n === current));
    const group = groups[current];
    const target = group.querySelector("input:checked") || radios(group)[0];
    if (target) target.focus({ preventScroll: false });
  }

  function choose(value) {
    const group = groups[current];
    const option = radios(group).find((r) => Number(r.value) === value);
    if (!option) return false;
    option.checked = true;
    group.classList.remove("has-error");
    return true;
  }

  function step(delta) {
    const options = radios(groups[current]);
    const at = options.findIndex((r) => r.checked);
    const next = at < 0 ? (delta > 0 ? 0 : options.length - 1) : Math.max(0, Math.min(options.length - 1, at + delta));
    options[next].checked = true;
    options[next].focus();
  }

  groups.forEach((group, n) => {
    group.addEventListener("focusin", () => { current = n; groups.forEach((g, m) => g.classList.toggle("current", m === n)); });
  });

  const TEXT_INPUTS = ["text", "search", "email", "number", "tel", "url", "password"];

  function typing(target) {
    if (!target || !target.tagName) return false;
    if (target.isContentEditable || target.tagName === "TEXTAREA" || target.tagName === "SELECT") return true;
    return target.tagName === "INPUT" && TEXT_INPUTS.includes(target.type);
  }

  document.addEventListener("keydown", (event) => {
    if (typing(event.target)) {
      if (form.contains(event.target) && event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
        event.preventDefault(); form.requestSubmit(document.getElementById("save-next"));
      }
      return;
    }
    if (event.altKey || event.ctrlKey || event.metaKey || event.defaultPrevented) return;
    if (event.target.tagName === "A" || event.target.tagName === "BUTTON") {
      if (event.key === "Enter" || event.key === " ") return;  // let links and buttons do their own thing
    }
    const key = event.key;
    if (/^[0-9]$/.test(key)) {
      event.preventDefault();
      const value = key === "0" ? 10 : Number(key);
      if (choose(value)) focus(current + 1 < groups.length ? current + 1 : current);
    } else if (key === "ArrowDown") {
      event.preventDefault(); focus(current + 1);
    } else if (key === "ArrowUp") {
      event.preventDefault(); focus(current - 1);
    } else if (key === "ArrowRight") {
      event.preventDefault(); step(1);
    } else if (key === "ArrowLeft") {
      event.preventDefault(); step(-1);
    } else if (key === "Enter") {
      event.preventDefault(); form.requestSubmit(document.getElementById("save-next"));
    }
  });

  // the keys work as soon as the page opens: start on the first criterion still unscored
  const firstOpen = groups.findIndex((g) => !g.querySelector("input:checked"));
  focus(firstOpen < 0 ? 0 : firstOpen);
})();
