import { test } from "node:test";
import assert from "node:assert/strict";
import { checkinItem, createQueue, newClientId, replayOutcome, walkInItem } from "../../static/js/door/queue.js";

const kim = { id: 1, name: "김두문", party_size: 4 };
const AT = new Date("2030-05-05T01:02:03Z");

test("a queued admission carries its client_id, the scan time and the code, or the household when found by search", () => {
  const scanned = checkinItem(kim, 4, "https://showcase.example/t/abc", "id-1", AT);
  assert.deepEqual(scanned.body, { client_id: "id-1", scanned_at: "2030-05-05T01:02:03.000Z", admit: 4,
                                   code: "https://showcase.example/t/abc" });
  assert.deepEqual([scanned.path, scanned.people, scanned.household_id], ["/checkins", 4, 1]);
  assert.deepEqual(checkinItem(kim, 2, null, "id-2", AT).body,
                   { client_id: "id-2", scanned_at: "2030-05-05T01:02:03.000Z", admit: 2, household_id: 1 });
  const walkIn = walkInItem({ name: "이름만", adults: 2, children: 1, infants: 1 }, "id-3", AT);
  assert.deepEqual([walkIn.path, walkIn.people, walkIn.household_id, walkIn.body.client_id], ["/walk-ins", 4, null, "id-3"]);
});

test("the queue counts the people of a household waiting to be sent; refused items no longer count", () => {
  const queue = createQueue();
  queue.add(checkinItem(kim, 2, null, "a", AT));
  const second = queue.add(checkinItem(kim, 1, null, "b", AT));
  queue.add(checkinItem({ id: 2, name: "박나눔", party_size: 2 }, 2, null, "c", AT));
  assert.equal(queue.peopleFor(1), 3);
  queue.fail(second, "No seats are left.");
  assert.equal(queue.peopleFor(1), 2);
  assert.deepEqual(queue.failed().map((item) => [item.client_id, item.error]), [["b", "No seats are left."]]);
  assert.deepEqual(queue.pending().map((item) => item.client_id), ["a", "c"]);
  assert.equal(queue.find("b"), undefined);        // a refused item cannot be changed any more
});

test("only some came, or the admission is taken back: the queued item changes before it is sent", () => {
  const queue = createQueue();
  queue.add(checkinItem(kim, 4, null, "a", AT));
  assert.equal(queue.setPeople("a", 2).body.admit, 2);
  assert.equal(queue.peopleFor(1), 2);
  assert.equal(queue.setPeople("nope", 1), null);
  queue.remove(queue.find("a"));
  assert.deepEqual([queue.length, queue.hasPending(), queue.peopleFor(1)], [0, false, 0]);
});

test("a stored queue is replayed oldest first", () => {
  const queue = createQueue();
  queue.load([{ client_id: "late", state: "pending", created: "2030-05-05T10:00:00Z" },
              { client_id: "early", state: "pending", created: "2030-05-05T09:00:00Z" }]);
  assert.deepEqual(queue.pending().map((item) => item.client_id), ["early", "late"]);
});

test("a replayed item is sent, refused for good, retried later or waits for the network", () => {
  assert.deepEqual([200, 201].map(replayOutcome), ["sent", "sent"]);
  assert.deepEqual([409, 422, 404].map(replayOutcome), ["failed", "failed", "failed"]);
  assert.deepEqual([400, 429].map(replayOutcome), ["retry", "retry"]);
  assert.deepEqual([401, 500, 503].map(replayOutcome), ["offline", "offline", "offline"]);
});

test("client ids are version 4 UUIDs, also where crypto.randomUUID is missing", () => {
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
  assert.match(newClientId(), uuid);
  const old = { getRandomValues: (bytes) => globalThis.crypto.getRandomValues(bytes) };
  const ids = new Set(Array.from({ length: 50 }, () => newClientId(old)));
  assert.equal(ids.size, 50);
  ids.forEach((id) => assert.match(id, uuid));
});
