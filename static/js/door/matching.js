// Matching what staff scanned or typed to the door list kept on this phone. The list holds the
// SHA-256 of each ticket token (what the server stores), so a scanned token is hashed with
// WebCrypto and looked up: a forged code is refused offline too.
import { outside, usable } from "./list.js";

export const TOKEN = /^[A-Za-z0-9_-]{20,100}$/;

export async function sha256Hex(text) {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

/** The ticket token in a scanned code: a bare token, or a ticket URL that starts with one of
 * ``prefixes`` (BASE_URL/t/ from the list, this page's origin + /t/). Anything else: null. */
export function tokenFrom(code, prefixes) {
  const text = String(code || "").trim();
  if (!text || text.length > 512) return null;
  if (!text.includes("/")) return TOKEN.test(text) ? text : null;
  const url = /^https?:\/\/(.*)$/.exec(text);
  if (!url) return null;
  for (const prefix of prefixes.filter(Boolean)) {
    const bare = prefix.replace(/^https?:\/\//, "");
    if (url[1].startsWith(bare)) {
      const token = url[1].slice(bare.length);
      return TOKEN.test(token) ? token : null;
    }
  }
  return null;
}

/** What the list on this phone says about a household: admit how many, or why not.
 * queuedPeople: people of it this phone admitted and has not sent yet. */
export function decideFor(h, queuedPeople) {
  if (h.status === "cancelled") return { kind: "cancelled", household: h };
  if (h.status === "waitlisted") return { kind: "waitlisted", household: h };
  if (!usable(h)) return { kind: "nolist" };
  const remaining = outside(h, queuedPeople);
  return { kind: remaining > 0 ? "admit" : "already", household: h, remaining };
}

/** What the list says about a scanned code: {kind: "nolist" | "unknown" | "cancelled" |
 * "waitlisted" | "admit" | "already", household, remaining}. */
export async function decide(list, code, prefixes, queuedPeople) {
  if (!list.size) return { kind: "nolist" };
  const token = tokenFrom(code, prefixes);
  if (!token) return { kind: "unknown" };
  const h = list.byKey(await sha256Hex(token));
  if (!h) return { kind: "unknown" };
  return { ...decideFor(h, queuedPeople(h.id)), token };
}

/** Confirmed households whose name contains q, or whose phone ends in its digits (20 at most). */
export function search(households, q) {
  const text = String(q).trim().toLowerCase();
  const digits = text.replace(/[\s-]/g, "");
  const byPhone = /^\d{3,11}$/.test(digits);
  const found = [];
  for (const h of households) {
    if (h.status !== "confirmed") continue;
    if (byPhone ? (h.phone4 && h.phone4.endsWith(digits.slice(-4))) : h.name.toLowerCase().includes(text)) found.push(h);
  }
  return found.slice(0, 20);
}
