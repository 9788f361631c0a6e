// The full-screen verdict (#verdict) and the strip that keeps the last admission undoable
// (#last-admission). What a verdict shows is worked out by verdicts.js; this only draws it.
import { fill } from "./text.js";
import { lastAfter, verdictLook } from "./verdicts.js";
import { signal } from "./sound.js";

/** handlers: onFewer(n), onUndo(), onUndoLast(admission), onSeat(verdict), onShown(verdict). */
export function createVerdictView(T, handlers) {
  const el = document.getElementById("verdict");
  const lastEl = document.getElementById("last-admission");
  let current = null, hideTimer = null;
  let lastAdmission = null, lastTimer = null;

  function hide() {
    clearTimeout(hideTimer);
    el.hidden = true;
    el.className = "verdict";
    current = null;
  }

  function show(data) {
    const look = verdictLook(data);
    current = data;
    clearTimeout(hideTimer);
    el.className = look.className;
    el.dataset.result = look.result;
    el.dataset.offline = String(look.offline);
    el.dataset.conflict = String(look.conflict);
    el.querySelector(".verdict-title").textContent = data.title || "";
    el.querySelector(".verdict-household").textContent = data.household || "";
    el.querySelector(".verdict-detail").textContent = data.detail || "";
    // what the household needs ("Stroller", "Allergy: egg") and a "no photos" marker for the photographer
    const needs = el.querySelector(".verdict-needs");
    needs.textContent = look.needs;
    needs.hidden = !look.needs;
    el.querySelector(".verdict-nophoto").hidden = !look.noPhoto;
    el.querySelector(".undo").hidden = !look.undo;
    const fewer = el.querySelector(".fewer");
    const fewerButtons = fewer.querySelector(".fewer-buttons");
    fewerButtons.textContent = "";
    fewer.hidden = !look.fewer.length;
    look.fewer.forEach((n) => {
      const b = document.createElement("button");
      b.type = "button";
      b.className = "button";
      b.textContent = fill(T.admitFew, { num: n });
      b.addEventListener("click", () => handlers.onFewer(n));
      fewerButtons.appendChild(b);
    });
    el.querySelector(".seat-from-waitlist").hidden = !look.seatFromWaitlist;
    el.hidden = false;
    signal(look.tone);
    hideTimer = setTimeout(hide, look.hideAfterMs);
    rememberLast(data);
    handlers.onShown(data);
  }

  // The last admission stays undoable from the main screen until its undo window closes.
  function rememberLast(data) {
    lastAdmission = lastAfter(lastAdmission, data);
    clearTimeout(lastTimer);
    lastEl.hidden = !lastAdmission;
    if (!lastAdmission) return;
    lastEl.querySelector(".last-text").textContent =
      fill(T.lastAdmission, { name: lastAdmission.household || "", num: lastAdmission.admitted_now });
    lastTimer = setTimeout(() => { lastAdmission = null; lastEl.hidden = true; },
      Math.max(0, new Date(lastAdmission.undo_until).getTime() - Date.now()));
  }

  lastEl.querySelector(".undo-last").addEventListener("click", () => {
    if (lastAdmission) handlers.onUndoLast(lastAdmission);
  });
  el.querySelector(".close").addEventListener("click", hide);
  el.querySelector(".undo").addEventListener("click", () => handlers.onUndo());
  el.querySelector(".seat-from-waitlist").addEventListener("click", () => {
    if (current && current.household_id) handlers.onSeat(current);
  });

  return { show, hide, current: () => current };
}
