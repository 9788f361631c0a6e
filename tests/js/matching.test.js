import { test } from "node:test";
import assert from "node:assert/strict";
import { createList } from "../../static/js/door/list.js";
import { decide, search, tokenFrom } from "../../static/js/door/matching.js";
import { doorList, PREFIX, TOKENS } from "./door-list.js";

const PREFIXES = [PREFIX, "http://localhost:5000/t/"];
const none = () => 0;

async function list(figures) {
  const l = createList();
  l.replace(await doorList(figures));
  return l;
}

test("a ticket URL under our prefix, or a bare token, gives its token; other sites and shapes give none", () => {
  assert.equal(tokenFrom(PREFIX + TOKENS.kim, PREFIXES), TOKENS.kim);
  assert.equal(tokenFrom("  http://showcase.example/t/" + TOKENS.kim + "\n", PREFIXES), TOKENS.kim);   // http or https
  assert.equal(tokenFrom(TOKENS.kim, PREFIXES), TOKENS.kim);
  assert.equal(tokenFrom("https://evil.example/t/" + TOKENS.kim, PREFIXES), null);
  assert.equal(tokenFrom(PREFIX + "short", PREFIXES), null);
  assert.equal(tokenFrom(PREFIX + TOKENS.kim + "/../x", PREFIXES), null);
  assert.equal(tokenFrom(PREFIX + "a".repeat(600), PREFIXES), null);
  assert.equal(tokenFrom("", PREFIXES), null);
});

test("a scanned ticket admits as many as the server says are still outside", async () => {
  const decision = await decide(await list({ remaining: { 1: 3, 2: 2 } }), PREFIX + TOKENS.kim, PREFIXES, none);
  assert.equal(decision.kind, "admit");
  assert.equal(decision.household.name, "김두문");
  assert.equal(decision.remaining, 3);   // the server's number, not party_size minus anything worked out here
});

test("people this phone admitted and has not sent yet are taken off the server's number", async () => {
  const l = await list({ remaining: { 1: 3, 2: 2 } });
  const queued = (id) => (id === 1 ? 2 : 0);
  assert.equal((await decide(l, PREFIX + TOKENS.kim, PREFIXES, queued)).remaining, 1);
  const all = (id) => (id === 1 ? 3 : 0);
  assert.equal((await decide(l, PREFIX + TOKENS.kim, PREFIXES, all)).kind, "already");
});

test("forged, cancelled and waitlisted tickets are refused on the phone; with no list nothing can be checked", async () => {
  const l = await list();
  assert.equal((await decide(l, PREFIX + "f".repeat(43), PREFIXES, none)).kind, "unknown");
  assert.equal((await decide(l, "not a ticket", PREFIXES, none)).kind, "unknown");
  assert.equal((await decide(l, PREFIX + TOKENS.gone, PREFIXES, none)).kind, "cancelled");
  assert.equal((await decide(l, PREFIX + TOKENS.wait, PREFIXES, none)).kind, "waitlisted");
  assert.equal((await decide(createList(), PREFIX + TOKENS.kim, PREFIXES, none)).kind, "nolist");
});

test("search finds confirmed households by part of the name or the last phone digits", async () => {
  const l = await list();
  assert.deepEqual(search(l.households(), "두문").map((h) => h.id), [1]);
  assert.deepEqual(search(l.households(), "010-1234").map((h) => h.id), [2]);
  assert.deepEqual(search(l.households(), " 5678 ").map((h) => h.id), [1]);
  assert.deepEqual(search(l.households(), "nobody"), []);
});
