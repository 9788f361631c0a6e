import { test } from "node:test";
import assert from "node:assert/strict";
import { lastAfter, queuedAdmission, refusedOnDevice, verdictLook } from "../../static/js/door/verdicts.js";
import { T } from "./strings.js";

const kim = { id: 1, name: "김두문", party_size: 4, admitted: 0, needs: ["Stroller"], photo_consent: false };

test("an admission queued on the phone says how many, and 'of the party' while some are still outside", () => {
  const all = queuedAdmission({ client_id: "a", people: 4 }, kim, 0, T);
  assert.deepEqual([all.result, all.title, all.queued, all.offline, all.admitted_now], ["admitted", "Admit 4", "a", true, 4]);
  const some = queuedAdmission({ client_id: "a", people: 2 }, kim, 2, T);
  assert.deepEqual([some.result, some.title, some.needs], ["partially_admitted", "Admit 2 of 4", ["Stroller"]]);
});

test("a household already in says when and where, unless this phone admitted some since", () => {
  const h = { ...kim, admitted: 4, last_at: "10:05", last_door: "Door 2" };
  const seen = refusedOnDevice({ kind: "already", household: h }, 4, T);
  assert.deepEqual([seen.tone, seen.result, seen.title], ["warn", "already_admitted", "Already admitted"]);
  assert.equal(seen.detail, "at 10:05 at Door 2 (4 of 4)");
  assert.equal(refusedOnDevice({ kind: "already", household: { ...kim, admitted: 1 } }, 4, T).detail,
               "4 of 4 already in (on this phone)");
  assert.equal(refusedOnDevice({ kind: "unknown" }, 0, T).result, "not_found");
  assert.equal(refusedOnDevice({ kind: "cancelled", household: { id: 3 } }, 0, T).detail, T.offlineCancelled);
  assert.equal(refusedOnDevice({ kind: "admit", household: kim, remaining: 4 }, 0, T), null);
});

test("the verdict offers 'admit fewer' for each smaller count and undo while it can be undone", () => {
  const look = verdictLook({ tone: "ok", result: "admitted", admission_id: 7, admitted_now: 4, household_id: 1,
                             photo_consent: false, needs: ["Stroller", "Wheelchair"] });
  assert.deepEqual(look.fewer, [1, 2, 3]);
  assert.deepEqual([look.undo, look.noPhoto, look.needs, look.offline], [true, true, "Stroller · Wheelchair", false]);
  assert.equal(look.className, "verdict tone-ok result-admitted");
  assert.equal(look.hideAfterMs, 6500);
  const undone = verdictLook({ tone: "warn", result: "undone", admission_id: 7, admitted_now: 4 });
  assert.deepEqual([undone.undo, undone.fewer], [false, []]);
  const refused = verdictLook({ tone: "bad", result: "not_found", queued: undefined, offline: true });
  assert.deepEqual([refused.undo, refused.offline, refused.hideAfterMs], [false, true, 5000]);
  assert.equal(verdictLook({}).className, "verdict tone-bad result-error");
});

test("'seat from the waitlist' is offered online only, and only when the seats are free", () => {
  const waitlisted = { tone: "warn", result: "waitlisted", household_id: 4, seats: 2, seats_free: 2 };
  assert.equal(verdictLook(waitlisted).seatFromWaitlist, true);
  assert.equal(verdictLook({ ...waitlisted, seats_free: 1 }).seatFromWaitlist, false);
  assert.equal(verdictLook({ ...waitlisted, offline: true }).seatFromWaitlist, false);
  assert.equal(verdictLook({ ...waitlisted, result: "cancelled", released_at: "2030-05-05T10:00:00Z" }).seatFromWaitlist, true);
});

test("the last admission stays undoable from the main screen until it is undone", () => {
  const admitted = { result: "admitted", admission_id: 7, undo_until: "2030-05-05T10:05:00Z", admitted_now: 4 };
  assert.equal(lastAfter(null, admitted), admitted);
  assert.equal(lastAfter(admitted, { result: "not_found" }), admitted);
  assert.equal(lastAfter(admitted, { result: "undone", admission_id: 8 }), admitted);
  assert.equal(lastAfter(admitted, { result: "undone", admission_id: 7 }), null);
});
