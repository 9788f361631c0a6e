// The door without a network: the door list kept on this phone (list.js) and refreshed from the
// server, scans decided against it (matching.js), admissions queued (queue.js) and stored in
// IndexedDB (store.js), and the queue replayed through the door API when the network returns
// (the server applies each client_id once).
import { createApi } from "./api.js";
import { admittedHere, createList, outside, searchRow } from "./list.js";
import { decide, decideFor, search } from "./matching.js";
import { checkinItem, createQueue, newClientId, replayOutcome, walkInItem } from "./queue.js";
import * as DoorStore from "./store.js";

const FULL_EVERY_MS = 60000;      // the whole list (new households, cancellations)
const ADMITTED_EVERY_MS = 5000;   // admissions at other doors
const RETRY_EVERY_MS = 10000;     // queued admissions, while some wait

/**
 * options: root (the #door element: data-api, data-csrf, data-slug), onChange(state) called
 * whenever the connection, the queue or the list changes, onSynced(answer, item) per replayed admission.
 */
export function createOffline(options) {
  const root = options.root;
  const slug = root.dataset.slug;
  const request = createApi(root, 6000);
  const list = createList();
  const queue = createQueue();
  let store = null;
  let meta = {};
  let online = navigator.onLine;
  let syncing = null;
  let listVersion = 0;               // bumped by every sync: an older refresh must not overwrite
  let lastFull = 0;
  const changed = () => options.onChange && options.onChange(state());
  const queuedPeople = (id) => queue.peopleFor(id);

  function setOnline(value) {
    // navigator.onLine false is certain (no network); an answer that arrives after it is stale news
    const now = value && navigator.onLine;
    if (online !== now) { online = now; changed(); }
  }

  function takeFigures(data) {
    meta.seats_left = data.seats_left;
    meta.conflicts = data.conflicts || [];
    meta.fetched_at = new Date().toISOString();
  }

  async function refresh(full) {
    const version = listVersion;
    const reply = await request("GET", "/door-list" + (full ? "" : "?part=admitted"));
    if (reply.status === 404) { await forget(); return; }
    if (!reply.ok) throw new Error(String(reply.status));
    if (reply.data.csrf) root.dataset.csrf = reply.data.csrf;
    if (version !== listVersion || syncing) return;     // a sync ran meanwhile: the next refresh is fresher
    const data = reply.data;
    if (full) {
      const households = list.replace(data);
      takeFigures(data);
      meta.ticket_prefix = data.ticket_prefix;
      meta.keep_until = data.keep_until;
      meta.capacity = data.capacity;
      await store.replaceList(households, meta);
      lastFull = Date.now();
    } else {
      const rows = list.applyAdmitted(data);
      takeFigures(data);
      await store.updateList(rows, meta);
    }
    setOnline(true);
    changed();
  }

  async function tick() {
    try {
      if (queue.hasPending()) await sync();
      await refresh(!lastFull || Date.now() - lastFull > FULL_EVERY_MS);
    } catch (error) {
      setOnline(false);
    }
  }

  /** Delete this event's list and queue from the device (the event is over, or staff sign out). */
  async function forget() {
    if (store) store.close();
    store = null;
    list.clear(); queue.clear(); meta = {};
    await DoorStore.destroy(slug);
    changed();
  }

  async function enqueue(item) {
    queue.add(item);
    await store.putQueued(item);
    changed();
    return item;
  }

  /** Queue an admission decided on this device; returns the queued item. */
  function queueAdmission(h, people, code, clientId) {
    return enqueue(checkinItem(h, people, code, clientId || newClientId()));
  }

  /** Queue a walk-in (registered on the server when the network returns). */
  function queueWalkIn(body) {
    meta.seats_left = Math.max(0, (meta.seats_left || 0) - (body.adults + body.children));
    return enqueue(walkInItem(body, newClientId()));
  }

  /** Only some came: change a queued admission before it is sent. */
  async function setQueuedPeople(clientId, people) {
    const item = queue.setPeople(clientId, people);
    if (!item) return false;
    await store.putQueued(item);
    changed();
    return true;
  }

  /** Take back a queued admission before it is sent. */
  async function dropQueued(clientId) {
    const item = queue.find(clientId);
    if (!item) return false;
    queue.remove(item);
    await store.deleteQueued(clientId);
    changed();
    return true;
  }

  async function replay(item) {
    let reply = await request("POST", item.path, item.body);
    if (reply.status === 400 && reply.data.error === "csrf") {        // a page from the cache: fresh token
      await refresh(false);
      reply = await request("POST", item.path, item.body);
    }
    return reply;
  }

  async function sendQueue() {
    for (const item of queue.pending()) {
      let reply;
      try { reply = await replay(item); } catch (error) { setOnline(false); return; }
      const outcome = replayOutcome(reply.status);
      if (outcome === "offline") { setOnline(false); return; }
      if (outcome === "retry") return;                   // try again later; nothing is lost
      listVersion += 1;
      if (outcome === "sent") {
        queue.remove(item);
        await store.deleteQueued(item.client_id);
        const h = list.applyAnswer(reply.data);
        if (h) await store.updateList([h], {});
        if (options.onSynced) options.onSynced(reply.data, item);
      } else {
        queue.fail(item, reply.data.message || String(reply.status));   // refused: kept for staff
        await store.putQueued(item);
      }
      setOnline(true);
      changed();
    }
  }

  /** Send every queued admission, oldest first; stops at the first network failure. */
  function sync() {
    if (!syncing) {
      syncing = sendQueue().finally(() => { syncing = null; changed(); });
    }
    return syncing;
  }

  function state() {
    return { online, pending: queue.pending().length, failed: queue.failed(),
             ready: list.size > 0, households: list.householdCount, syncing: !!syncing,
             conflicts: meta.conflicts || [], seatsLeft: meta.seats_left };
  }

  async function start() {
    if (window.indexedDB) {
      try {
        store = await DoorStore.open(slug);
        const saved = await store.load();
        list.load(saved.households);
        queue.load(saved.queue);
        meta = saved.meta;
        if (meta.keep_until && new Date(meta.keep_until) < new Date() && !queue.length) await forget();
      } catch (error) {
        store = null;   // private mode without storage: online only
      }
    }
    if (navigator.storage && navigator.storage.persist) {
      navigator.storage.persisted().then((yes) => yes || navigator.storage.persist()).catch(() => {});
    }
    changed();
    window.addEventListener("online", () => { setOnline(true); tick(); });
    window.addEventListener("offline", () => setOnline(false));
    if (store) {
      await tick();                                      // replay what waits as soon as the app opens
      setInterval(() => { if (navigator.onLine) tick(); }, ADMITTED_EVERY_MS);
      setInterval(() => { if (queue.hasPending()) sync().catch(() => {}); }, RETRY_EVERY_MS);
    }
  }

  const prefixes = () => [meta.ticket_prefix, location.origin + "/t/"];
  return {
    start, sync, state, forget, newClientId, setOnline, queueAdmission, queueWalkIn, setQueuedPeople, dropQueued,
    isOnline: () => online,
    hasList: () => list.size > 0,
    household: (id) => list.byId(id),
    queued: (clientId) => queue.find(clientId),
    /** What the list on this phone says about a scanned code, or about a household found by search. */
    decide: (code) => decide(list, code, prefixes(), queuedPeople),
    decideHousehold: (id) => (list.byId(id) ? decideFor(list.byId(id), queuedPeople(id)) : { kind: "nolist" }),
    /** Households found on this phone, shaped like the door API's search answer. */
    search: (q) => search(list.households(), q).map((h) => searchRow(h, queuedPeople(h.id))),
    admittedHere: (h) => admittedHere(h, queuedPeople(h.id)),
    outside: (h) => outside(h, queuedPeople(h.id)),
  };
}
