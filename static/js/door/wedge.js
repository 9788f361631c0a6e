// Keyboard-wedge scanners: a scanner types the whole ticket URL in a burst and presses Enter.
// That is a scan wherever the focus is, the search box included: any burst when no field has
// the focus; in a field, a burst at scanner speed shaped like one of our ticket URLs, or a ticket
// URL pasted or typed there. What a scan typed into a field is taken out again.

export const SCANNER_KEY_MS = 50;                  // people type slower than one key per 50 ms
export const TICKET_URL = /^https?:\/\/[^\s/]+(\/[^\s]*)?\/t\/[A-Za-z0-9_-]{20,100}$/;
const MAX_BURST = 2048;

/** A reader of key presses. Call it with (key, at in ms, field: the focused input or null);
 * it answers null, or on the Enter that ends a scan {code, field, value: what the field should
 * hold again}. */
export function createWedge() {
  let burst = "", burstStart = 0, lastKeyAt = 0, burstField = null, fieldBefore = "";

  return function press(key, at, field) {
    if (at - lastKeyAt > (field ? SCANNER_KEY_MS * 4 : 500)) {   // a pause: a new burst begins
      burst = ""; burstStart = at;
      burstField = field || null;
      fieldBefore = burstField ? burstField.value : "";
    }
    lastKeyAt = at;
    if (key === "Enter") {
      const text = burst.trim();
      const fast = text.length >= 16 && (at - burstStart) / text.length < SCANNER_KEY_MS;
      const typed = burstField ? String(burstField.value).trim() : "";
      burst = "";
      let code = null;
      if (!burstField && text.length >= 4) code = text;                    // nothing focused: any burst
      else if (burstField && TICKET_URL.test(text) && fast) code = text;   // scanner speed, ticket shape
      else if (burstField && TICKET_URL.test(typed)) code = typed;         // a ticket URL pasted or typed
      if (!code) return null;
      return { code, field: burstField,
               value: burstField ? (TICKET_URL.test(typed) && typed === code ? "" : fieldBefore) : undefined };
    }
    if (key.length === 1) {
      burst += key;
      if (burst.length > MAX_BURST) burst = "";
    }
    return null;
  };
}
