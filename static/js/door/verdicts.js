// Verdicts: what the full-screen answer to a scan says and shows. An online answer comes from the
// door API as is; the ones made here turn a decision of the list on this phone (or a queued item)
// into the same shape, so one view shows both. ``T`` is the page's strings.
import { fill } from "./text.js";

export const VERDICT_MS = { ok: 3500, warn: 5000, bad: 5000 };
const UNDO_MORE_MS = 3000;   // an undoable verdict stays a little longer

/** An admission queued on this phone; ``stillOutside``: people of the household left after it. */
export function queuedAdmission(item, h, stillOutside, T) {
  const partial = stillOutside > 0;
  return { tone: "ok", result: partial ? "partially_admitted" : "admitted", queued: item.client_id, offline: true,
           title: partial ? fill(T.admitOf, { num: item.people, total: h.party_size }) : fill(T.admitNum, { num: item.people }),
           household: h.name, detail: T.offlineAdmitted, admitted_now: item.people, household_id: h.id,
           party_size: h.party_size, needs: h.needs || [], photo_consent: h.photo_consent };
}

/** A decision of the list on this phone that admits nobody; ``admitted``: people in so far, as
 * far as this phone knows. Null for a decision to admit. */
export function refusedOnDevice(decision, admitted, T) {
  const h = decision.household;
  const off = { offline: true, tone: "bad", household: h ? h.name : "" };
  switch (decision.kind) {
    case "nolist": return { ...off, result: "offline", title: T.offline, detail: T.offlineNoList };
    case "unknown": return { ...off, result: "not_found", title: T.unknownCode, detail: T.offlineUnknown };
    case "cancelled": return { ...off, result: "cancelled", title: T.cancelledTitle, detail: T.offlineCancelled };
    case "waitlisted": return { ...off, result: "waitlisted", title: T.waitlistedTitle, detail: T.offlineWaitlisted };
    case "already": {
      const detail = h.last_at && admitted === h.admitted
        ? fill(T.alreadyDetail, { time: h.last_at, door: h.last_door || "", admitted, total: h.party_size })
        : fill(T.alreadyHere, { admitted, total: h.party_size });
      return { ...off, tone: "warn", result: "already_admitted", title: T.alreadyAdmitted, detail,
               household_id: h.id, needs: h.needs || [], photo_consent: h.photo_consent };
    }
    default: return null;
  }
}

/** The door API refused the request ({status, data: {message, fields}}). */
export function refusal(reply) {
  return { tone: "bad", result: "error", title: reply.data.message || String(reply.status),
           detail: Object.values(reply.data.fields || {}).join(" ") };
}

/** A request that needs the network (undo, fewer, seat from the waitlist) found none. */
export function noConnection(T) {
  return { tone: "bad", result: "offline", title: T.offline, detail: T.offlineDetail, offline: true };
}

/** A queued admission taken back before it was sent. */
export function undoneOnDevice(shown, T) {
  return { tone: "warn", result: "undone", title: T.undone, household: shown.household, detail: "", offline: true };
}

/** A walk-in queued on this phone. */
export function queuedWalkIn(item, name, T) {
  return { tone: "ok", result: "admitted", queued: item.client_id, offline: true,
           title: fill(T.admitNum, { num: item.people }), household: name, detail: T.walkinQueued, admitted_now: 0 };
}

/** How the screen shows a verdict: its classes and data attributes, which buttons it offers
 * ("admit fewer" counts among them) and how long it stays up. */
export function verdictLook(data) {
  const result = data.result || "error";
  const undoable = !!(data.admission_id || data.queued);
  const fewer = [];
  if (undoable && data.admitted_now > 1 && result !== "undone") {
    for (let n = 1; n < data.admitted_now; n += 1) fewer.push(n);
  }
  return {
    className: "verdict tone-" + (data.tone || "bad") + " result-" + result
      + (data.queued ? " is-offline" : "") + (data.conflict ? " is-conflict" : ""),
    result, offline: !!(data.queued || data.offline), conflict: !!data.conflict, tone: data.tone || "bad",
    needs: (data.needs || []).join(" · "),
    noPhoto: !!(data.household_id && data.photo_consent === false),
    undo: undoable && result !== "undone",
    fewer,
    seatFromWaitlist: !!(data.household_id && !data.offline
      && (result === "waitlisted" || (result === "cancelled" && data.released_at)) && data.seats_free >= data.seats),
    hideAfterMs: undoable ? VERDICT_MS.ok + UNDO_MORE_MS : VERDICT_MS[data.tone] || 5000,
  };
}

/** The admission the main screen keeps undoable after ``data`` was shown (``last`` before it). */
export function lastAfter(last, data) {
  if (data.result === "undone" && last && data.admission_id === last.admission_id) return null;
  if (data.admission_id && data.undo_until && data.result !== "undone") return data;
  return last;
}
