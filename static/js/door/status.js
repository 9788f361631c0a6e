// The status line and the conflict list: the connection, the queue and the list on this phone in
// words. ``state`` is offline.js's state(); ``pageStored``: the service worker stored the page.
import { fill } from "./text.js";

/** {kind: "offline" | "syncing" | "synced", text, ready, readyText}. */
export function statusLine(state, pageStored, T) {
  let text, kind;
  if (!state.online) {
    kind = "offline";
    text = state.pending ? fill(T.offlineWaiting, { num: state.pending }) : T.offlineNone;
  } else if (state.pending) {
    kind = "syncing";
    text = fill(T.syncing, { num: state.pending });
  } else {
    kind = "synced";
    text = T.synced;
  }
  const ready = !!(pageStored && state.ready);
  return { kind, text, ready, readyText: ready ? fill(T.readyOffline, { num: state.households }) : T.notReady };
}

/** The lines of the "admitted at two doors" box: conflicts, then queued items the server refused. */
export function attentionLines(state, T) {
  return state.conflicts.map((c) => ({
    className: "conflict", admissionId: c.admission_id,
    text: fill(c.counted ? T.conflictLine : T.conflictNone, { household: c.household, door: c.door, claimed: c.claimed,
                                                              time: c.at, counted: c.counted, total: c.party_size }),
  })).concat(state.failed.map((item) => ({
    className: "failed", text: item.household + ": " + fill(T.needsAttention, { message: item.error }),
  })));
}
