import { test } from "node:test";
import assert from "node:assert/strict";
import { attentionLines, statusLine } from "../../static/js/door/status.js";
import { T } from "./strings.js";

const state = { online: true, pending: 0, ready: true, households: 120, conflicts: [], failed: [] };

test("the status line says online, sending or offline, and whether the phone can work offline", () => {
  assert.deepEqual(statusLine(state, true, T),
                   { kind: "synced", text: T.synced, ready: true, readyText: "Ready to work offline (list of 120 households on this phone)" });
  assert.equal(statusLine({ ...state, pending: 3 }, true, T).text, "Sending 3 admission(s) made offline…");
  assert.deepEqual([statusLine({ ...state, online: false, pending: 2 }, true, T).kind,
                    statusLine({ ...state, online: false, pending: 2 }, true, T).text],
                   ["offline", "Offline · 2 admission(s) waiting to sync"]);
  assert.equal(statusLine({ ...state, online: false }, true, T).text, T.offlineNone);
  assert.deepEqual([statusLine(state, false, T).ready, statusLine(state, false, T).readyText], [false, T.notReady]);
});

test("conflicts and refused queued admissions are listed for staff to check", () => {
  const lines = attentionLines({ ...state,
    conflicts: [{ admission_id: 9, household: "김두문", door: "Door 2", claimed: 4, at: "10:10", counted: 0, party_size: 4 }],
    failed: [{ household: "이름만", error: "No seats are left." }] }, T);
  assert.deepEqual(lines, [
    { className: "conflict", admissionId: 9, text: "김두문: Door 2 let in 4 at 10:10, but all 4 were already in; none counted." },
    { className: "failed", text: "이름만: Could not be recorded: No seats are left." },
  ]);
});
