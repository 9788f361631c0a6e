// Typed codes and keyboard-wedge scanners: the code box submits itself; everywhere else key
// presses go through wedge.js, which tells a scanner's burst from people typing.
import { createWedge } from "./wedge.js";

function isField(el) { return el && (el.tagName === "INPUT" || el.tagName === "TEXTAREA" || el.tagName === "SELECT"); }

/** onCode(text) for every code typed or scanned; onFieldScanned(field) after a scan typed into a field. */
export function listenForCodes(onCode, onFieldScanned) {
  const input = document.getElementById("code-input");
  document.getElementById("manual").addEventListener("submit", (event) => {
    event.preventDefault();
    onCode(input.value);
    input.value = "";
  });
  const press = createWedge();
  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.target === input) return;              // the code box: its own form submits
    const scan = press(event.key, performance.now(), isField(event.target) ? event.target : null);
    if (!scan) return;
    event.preventDefault();
    event.stopPropagation();
    if (scan.field) {
      scan.field.value = scan.value;
      onFieldScanned(scan.field);
    }
    onCode(scan.code);
  }, true);
}
