import { test } from "node:test";
import assert from "node:assert/strict";
import { createWedge } from "../../static/js/door/wedge.js";

const URL = "https://showcase.example/t/" + "k".repeat(43);

/** Types ``text`` then Enter, a key every ``gap`` ms from ``start``; answers what Enter gave. */
function type(press, text, gap, field, start = 10000) {
  let at = start;
  for (const key of text) {
    press(key, at, field);
    if (field) field.value += key;
    at += gap;
  }
  return press("Enter", at, field);
}

test("a scanner typing the ticket URL with nothing focused is a scan", () => {
  assert.deepEqual(type(createWedge(), URL, 5, null), { code: URL, field: null, value: undefined });
});

test("a scanner typing into the search box is a scan, and the box gets back what it held", () => {
  const search = { value: "김" };
  const scan = type(createWedge(), URL, 5, search);
  assert.equal(scan.code, URL);
  assert.equal(scan.field, search);
  assert.equal(scan.value, "김");
});

test("people typing a name in the search box are no scanner; a ticket URL pasted there is a scan", () => {
  assert.equal(type(createWedge(), "김두문 가족", 180, { value: "" }), null);
  const pasted = { value: URL };
  const press = createWedge();
  assert.deepEqual(press("Enter", 5000, pasted), { code: URL, field: pasted, value: "" });
});

test("with nothing focused, a slow burst of a few keys still counts; a lone key does not", () => {
  assert.equal(type(createWedge(), "ABCD1234", 100, null).code, "ABCD1234");
  assert.equal(type(createWedge(), "x", 100, null), null);
});
