// The queue of admissions made on this phone while offline, oldest first. Each item has a
// client_id (the server applies it once however often it is sent) and the time of the scan.
// The queue lives in memory here; offline.js writes every change to IndexedDB.

/** A random UUID (v4) for client_id. */
export function newClientId(random = globalThis.crypto) {
  if (random.randomUUID) return random.randomUUID();
  const b = random.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40; b[8] = (b[8] & 0x3f) | 0x80;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** A queued admission of ``people`` of household ``h``, by its code when one was scanned. */
export function checkinItem(h, people, code, clientId, now = new Date()) {
  const body = { client_id: clientId, scanned_at: now.toISOString(), admit: people };
  if (code) body.code = code; else body.household_id = h.id;
  return { client_id: clientId, kind: "checkin", path: "/checkins", body, people,
           household_id: h.id, household: h.name, party_size: h.party_size };
}

/** A queued walk-in (registered on the server when the network returns). */
export function walkInItem(body, clientId, now = new Date()) {
  const people = body.adults + body.children + body.infants;
  return { client_id: clientId, kind: "walk_in", path: "/walk-ins", people, household_id: null,
           household: body.name, party_size: people,
           body: Object.assign({}, body, { client_id: clientId, scanned_at: now.toISOString() }) };
}

/** What a replayed item's answer means: "sent", "failed" (refused, e.g. no seats: kept for
 * staff), "retry" (try later, nothing is lost) or "offline" (the server or the session is gone). */
export function replayOutcome(status) {
  if (status === 401 || status >= 500) return "offline";
  if (status === 400 || status === 429) return "retry";
  return status >= 200 && status < 300 ? "sent" : "failed";
}

export function createQueue() {
  let items = [];
  const isPending = (item) => item.state === "pending";

  return {
    /** Items stored on the phone, put back in the order they were made. */
    load(saved) { items = saved.slice().sort((a, b) => (a.created < b.created ? -1 : 1)); },
    clear() { items = []; },
    get length() { return items.length; },
    pending: () => items.filter(isPending),
    failed: () => items.filter((item) => item.state === "failed"),
    hasPending: () => items.some(isPending),
    add(item, now = new Date()) {
      item.state = "pending";
      item.created = item.created || now.toISOString();
      items.push(item);
      return item;
    },
    /** The pending item with this client_id (failed and sent ones cannot change any more). */
    find: (clientId) => items.find((item) => item.client_id === clientId && isPending(item)),
    remove(item) { items = items.filter((q) => q !== item); },
    /** Only some came: change a pending item's people; returns it, or null. */
    setPeople(clientId, people) {
      const item = items.find((q) => q.client_id === clientId && isPending(q));
      if (!item) return null;
      item.people = people;
      item.body.admit = people;
      return item;
    },
    fail(item, message) { item.state = "failed"; item.error = message; },
    /** People of a household admitted on this phone and not yet counted by the server. */
    peopleFor: (householdId) => items.filter((item) => item.household_id === householdId && item.state !== "failed")
      .reduce((sum, item) => sum + item.people, 0),
  };
}
