// The door without a network: a copy of the door list on the device, scans checked against it
// (the ticket token hashed with WebCrypto, so a forged code is refused offline too), admissions
// queued with a client_id and scanned_at, and the queue replayed through the door API when the
// network returns (the server applies each client_id once). Used by door.js.
(function () {
  "use strict";
  const FULL_EVERY_MS = 60000;      // the whole list (new households, cancellations)
  const ADMITTED_EVERY_MS = 5000;   // admissions at other doors
  const RETRY_EVERY_MS = 10000;     // queued admissions, while some wait
  const TOKEN = /^[A-Za-z0-9_-]{20,100}$/;

  async function sha256Hex(text) {
    const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
    return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
  }

  function newClientId() {
    if (crypto.randomUUID) return crypto.randomUUID();
    const b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40; b[8] = (b[8] & 0x3f) | 0x80;
    const h = Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  }

  /**
   * options: root (the #door element: data-api, data-csrf, data-slug), onChange(state) called
   * whenever the connection, the queue or the list changes, onSynced(answer, item) per replayed admission.
   */
  function create(options) {
    const root = options.root;
    const API = root.dataset.api;
    const slug = root.dataset.slug;
    let store = null;
    const byKey = new Map(), byId = new Map();
    let queue = [];                    // oldest first
    let meta = {};
    let online = navigator.onLine;
    let syncing = null;
    let listVersion = 0;               // bumped by every sync: an older refresh must not overwrite
    let lastFull = 0;
    const changed = () => options.onChange && options.onChange(state());

    async function request(method, path, body) {
      const controller = new AbortController();
      const timeout = setTimeout(() => controller.abort(), 6000);
      try {
        const response = await fetch(API + path, {
          method, credentials: "same-origin", signal: controller.signal, cache: "no-store",
          headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRFToken": root.dataset.csrf },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
        const data = await response.json().catch(() => ({}));
        return { ok: response.ok, status: response.status, data };
      } finally {
        clearTimeout(timeout);
      }
    }

    function setOnline(value) {
      // navigator.onLine false is certain (no network); an answer that arrives after it is stale news
      const now = value && navigator.onLine;
      if (online !== now) { online = now; changed(); }
    }

    // ---- the list ------------------------------------------------------------------------
    function remember(h) {
      byKey.set(h.key, h);
      if (h.id !== undefined) byId.set(h.id, h);
    }

    function applyAdmitted(data) {
      const changedRows = [];
      byId.forEach((h) => {
        if (h.status !== "confirmed") return;
        const row = data.admitted[String(h.id)];
        const admitted = row ? row.admitted : 0;
        if (h.admitted !== admitted || (row && h.last_at !== row.last_at)) {
          h.admitted = admitted;
          h.last_door = row ? row.last_door : null;
          h.last_at = row ? row.last_at : null;
          changedRows.push(h);
        }
      });
      meta.seats_left = data.seats_left;
      meta.conflicts = data.conflicts || [];
      meta.fetched_at = new Date().toISOString();
      return changedRows;
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
        byKey.clear(); byId.clear();
        data.households.forEach((h) => { h.admitted = 0; remember(h); });
        applyAdmitted(data);
        meta.ticket_prefix = data.ticket_prefix;
        meta.keep_until = data.keep_until;
        meta.capacity = data.capacity;
        await store.replaceList(Array.from(byKey.values()), meta);
        lastFull = Date.now();
      } else {
        const rows = applyAdmitted(data);
        await store.updateList(rows, meta);
      }
      setOnline(true);
      changed();
    }

    async function tick() {
      try {
        if (queue.some((item) => item.state === "pending")) await sync();
        await refresh(!lastFull || Date.now() - lastFull > FULL_EVERY_MS);
      } catch (error) {
        setOnline(false);
      }
    }

    /** Delete this event's list and queue from the device (the event is over, or staff sign out). */
    async function forget() {
      if (store) store.close();
      store = null;
      byKey.clear(); byId.clear(); queue = []; meta = {};
      await window.DoorStore.destroy(slug);
      changed();
    }

    // ---- checking a code on the device ----------------------------------------------------------
    function tokenFrom(code) {
      const text = String(code || "").trim();
      if (!text || text.length > 512) return null;
      if (!text.includes("/")) return TOKEN.test(text) ? text : null;
      const prefixes = [meta.ticket_prefix, location.origin + "/t/"].filter(Boolean);
      for (const prefix of prefixes) {
        const bare = prefix.replace(/^https?:\/\//, "");
        const m = /^https?:\/\/(.*)$/.exec(text);
        if (m && m[1].startsWith(bare)) {
          const token = m[1].slice(bare.length);
          return TOKEN.test(token) ? token : null;
        }
      }
      return null;
    }

    function pendingFor(id) {
      return queue.filter((item) => item.household_id === id && item.state !== "failed")
        .reduce((sum, item) => sum + item.people, 0);
    }

    function admittedHere(h) { return (h.admitted || 0) + pendingFor(h.id); }

    /** What the list on this device says about a scanned code. */
    async function decide(code) {
      if (!byKey.size) return { kind: "nolist" };
      const token = tokenFrom(code);
      if (!token) return { kind: "unknown" };
      const h = byKey.get(await sha256Hex(token));
      if (!h) return { kind: "unknown" };
      if (h.status === "cancelled") return { kind: "cancelled", household: h };
      if (h.status === "waitlisted") return { kind: "waitlisted", household: h };
      const remaining = h.party_size - admittedHere(h);
      return { kind: remaining > 0 ? "admit" : "already", household: h, remaining, token };
    }

    /** Households whose name contains q, or whose phone ends in its digits. */
    function search(q) {
      const text = q.trim().toLowerCase();
      const digits = text.replace(/[\s-]/g, "");
      const byPhone = /^\d{3,11}$/.test(digits);
      const found = [];
      byId.forEach((h) => {
        if (h.status !== "confirmed") return;
        if (byPhone ? (h.phone4 && h.phone4.endsWith(digits.slice(-4))) : h.name.toLowerCase().includes(text)) found.push(h);
      });
      return found.slice(0, 20);
    }

    // ---- the queue ----------------------------------------------------------------------------
    async function enqueue(item) {
      item.state = "pending";
      item.created = item.created || new Date().toISOString();
      queue.push(item);
      await store.putQueued(item);
      changed();
      return item;
    }

    /** Queue an admission decided on this device; returns the queued item. */
    function queueAdmission(h, people, code, clientId) {
      const body = { client_id: clientId || newClientId(), scanned_at: new Date().toISOString(), admit: people };
      if (code) body.code = code; else body.household_id = h.id;
      return enqueue({ client_id: body.client_id, kind: "checkin", path: "/checkins", body, people,
                       household_id: h.id, household: h.name, party_size: h.party_size });
    }

    /** Queue a walk-in (registered on the server when the network returns). */
    function queueWalkIn(body) {
      const clientId = newClientId();
      const people = body.adults + body.children + body.infants;
      meta.seats_left = Math.max(0, (meta.seats_left || 0) - (body.adults + body.children));
      return enqueue({ client_id: clientId, kind: "walk_in", path: "/walk-ins", people, household_id: null,
                       household: body.name, party_size: people,
                       body: Object.assign({}, body, { client_id: clientId, scanned_at: new Date().toISOString() }) });
    }

    function queued(clientId) { return queue.find((item) => item.client_id === clientId && item.state === "pending"); }

    /** Only some came: change a queued admission before it is sent. */
    async function setQueuedPeople(clientId, people) {
      const item = queued(clientId);
      if (!item) return false;
      item.people = people;
      item.body.admit = people;
      await store.putQueued(item);
      changed();
      return true;
    }

    /** Take back a queued admission before it is sent. */
    async function dropQueued(clientId) {
      const item = queued(clientId);
      if (!item) return false;
      queue = queue.filter((q) => q !== item);
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

    /** Send every queued admission, oldest first; stops at the first network failure. */
    function sync() {
      if (!syncing) {
        syncing = (async () => {
          try {
            for (const item of queue.filter((q) => q.state === "pending")) {
              let reply;
              try { reply = await replay(item); } catch (error) { setOnline(false); return; }
              if (reply.status === 401 || reply.status >= 500 || reply.status === 400 || reply.status === 429) {
                setOnline(reply.status !== 401 && reply.status < 500 ? online : false);
                return;                                    // try again later; nothing is lost
              }
              listVersion += 1;
              if (reply.ok) {
                queue = queue.filter((q) => q !== item);
                await store.deleteQueued(item.client_id);
                const h = byId.get(reply.data.household_id);
                if (h && typeof reply.data.admitted_total === "number") {
                  h.admitted = reply.data.admitted_total;
                  await store.updateList([h], {});
                }
                if (options.onSynced) options.onSynced(reply.data, item);
              } else {
                item.state = "failed";                     // refused (no seats, bad data): kept for staff
                item.error = reply.data.message || String(reply.status);
                await store.putQueued(item);
              }
              setOnline(true);
              changed();
            }
          } finally {
            syncing = null;
            changed();
          }
        })();
      }
      return syncing;
    }

    function state() {
      const pending = queue.filter((q) => q.state === "pending").length;
      return { online, pending, failed: queue.filter((q) => q.state === "failed"),
               ready: byKey.size > 0, households: byId.size, syncing: !!syncing,
               conflicts: meta.conflicts || [], seatsLeft: meta.seats_left };
    }

    async function start() {
      if (window.DoorStore && window.indexedDB) {
        try {
          store = await window.DoorStore.open(slug);
          const saved = await store.load();
          saved.households.forEach(remember);
          queue = saved.queue.sort((a, b) => (a.created < b.created ? -1 : 1));
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
        setInterval(() => { if (queue.some((q) => q.state === "pending")) sync().catch(() => {}); }, RETRY_EVERY_MS);
      }
    }

    return { start, decide, search, queueAdmission, queueWalkIn, setQueuedPeople, dropQueued, queued,
             sync, state, forget, admittedHere, newClientId, setOnline, isOnline: () => online,
             hasList: () => byKey.size > 0, household: (id) => byId.get(id) };
  }

  window.DoorOffline = { create, sha256Hex };
})();
