import { test } from "node:test";
import assert from "node:assert/strict";
import { createList, outside, searchRow } from "../../static/js/door/list.js";
import { decide } from "../../static/js/door/matching.js";
import { doorList, PREFIX, TOKENS } from "./door-list.js";

test("the whole list takes each household's admitted count and number still outside from the server", async () => {
  const l = createList();
  const stored = l.replace(await doorList({ admitted: { 1: { admitted: 1, last_door: "Door 2", last_at: "10:05" } },
                                            remaining: { 1: 3, 2: 2 } }));
  assert.equal(stored.length, 4);
  const kim = l.byId(1);
  assert.deepEqual([kim.admitted, kim.remaining, kim.last_door, kim.last_at], [1, 3, "Door 2", "10:05"]);
  assert.deepEqual([l.byId(2).admitted, l.byId(2).remaining], [0, 2]);
  assert.equal(l.size, 4);
  assert.equal(l.householdCount, 4);
});

test("a refresh of the admissions changes only the households whose figures changed, undos included", async () => {
  const l = createList();
  l.replace(await doorList({ admitted: { 1: { admitted: 4, last_door: "Door 1", last_at: "10:00" } }, remaining: { 1: 0, 2: 2 } }));
  // the admission at door 1 was undone; park came in at door 2
  const changed = l.applyAdmitted({ admitted: { 2: { admitted: 2, last_door: "Door 2", last_at: "10:07" } },
                                    remaining: { 1: 4, 2: 0 } });
  assert.deepEqual(changed.map((h) => h.id).sort(), [1, 2]);
  assert.deepEqual([l.byId(1).admitted, l.byId(1).remaining, l.byId(1).last_at], [0, 4, null]);
  assert.deepEqual([l.byId(2).admitted, l.byId(2).remaining], [2, 0]);
  assert.deepEqual(l.applyAdmitted({ admitted: { 2: { admitted: 2, last_door: "Door 2", last_at: "10:07" } },
                                     remaining: { 1: 4, 2: 0 } }), []);
});

test("the server's answer to a replayed admission updates that household", async () => {
  const l = createList();
  l.replace(await doorList());
  const h = l.applyAnswer({ household_id: 1, admitted_total: 3, remaining: 1, result: "partially_admitted" });
  assert.equal(h, l.byId(1));
  assert.deepEqual([h.admitted, h.remaining], [3, 1]);
  assert.equal(l.applyAnswer({ household_id: null, result: "admitted" }), null);   // a walk-in: not on the list
});

test("a list stored by an older page without the server's numbers is set aside: its codes are not checked", async () => {
  const stored = [{ key: "b", id: 2, status: "confirmed", party_size: 2, admitted: 0, remaining: 2 },
                  { key: "c", id: 3, status: "cancelled" }];
  const fresh = createList();
  fresh.load(stored);
  assert.deepEqual([fresh.size, fresh.byId(2).remaining, fresh.byId(3).status], [2, 2, "cancelled"]);
  const old = createList();
  old.load([{ key: "a", id: 1, status: "confirmed", party_size: 3, admitted: 1 }, ...stored]);
  assert.equal(old.size, 0);
  assert.equal((await decide(old, PREFIX + TOKENS.kim, [PREFIX], () => 0)).kind, "nolist");
});

test("still outside never goes below zero, and a search row says how many are in and outside", () => {
  const h = { id: 1, name: "김두문", status: "confirmed", phone4: "5678", party_size: 4, admitted: 1, remaining: 3 };
  assert.equal(outside(h, 0), 3);
  assert.equal(outside(h, 5), 0);     // another door admitted meanwhile: nobody is outside
  assert.deepEqual(searchRow(h, 2), { household_id: 1, household: "김두문", status: "confirmed", phone: "…5678",
                                      party: "", party_size: 4, admitted_total: 3, remaining: 1 });
});
