// The door's storage on the device (IndexedDB, one database per event): the door list, the queue
// of admissions made offline (it survives a reload and a phone restart), and a few facts (meta).
// A small promise wrapper of our own; nothing here talks to the network.
const VERSION = 1;

function promised(request) {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

function databaseName(slug) { return "showcase-door:" + slug; }

export async function open(slug) {
  const request = indexedDB.open(databaseName(slug), VERSION);
  request.onupgradeneeded = () => {
    const db = request.result;
    if (!db.objectStoreNames.contains("households")) db.createObjectStore("households", { keyPath: "key" });
    if (!db.objectStoreNames.contains("queue")) db.createObjectStore("queue", { keyPath: "client_id" });
    if (!db.objectStoreNames.contains("meta")) db.createObjectStore("meta", { keyPath: "name" });
  };
  const db = await promised(request);
  db.onversionchange = () => db.close();   // another tab deletes the list (sign-out): let it

  // Run fn(stores) in one transaction; resolves with fn's result once the transaction is committed.
  function run(names, mode, fn) {
    return new Promise((resolve, reject) => {
      const tx = db.transaction(names, mode);
      const stores = {};
      names.forEach((name) => { stores[name] = tx.objectStore(name); });
      let result;
      tx.oncomplete = () => resolve(result);
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error || new Error("aborted"));
      Promise.resolve(fn(stores)).then((value) => { result = value; }, reject);
    });
  }

  return {
    /** Everything stored: {households: [...], queue: [...], meta: {name: value}}. */
    async load() {
      return run(["households", "queue", "meta"], "readonly", async (s) => {
        const [households, queue, meta] = await Promise.all(
          [promised(s.households.getAll()), promised(s.queue.getAll()), promised(s.meta.getAll())]);
        const facts = {};
        meta.forEach((row) => { facts[row.name] = row.value; });
        return { households, queue, meta: facts };
      });
    },
    /** Replace the whole door list and the facts that came with it, in one transaction. */
    replaceList(households, facts) {
      return run(["households", "meta"], "readwrite", (s) => {
        s.households.clear();
        households.forEach((h) => s.households.put(h));
        Object.entries(facts).forEach(([name, value]) => s.meta.put({ name, value }));
      });
    },
    /** Store changed households (admitted so far) and facts. */
    updateList(households, facts) {
      return run(["households", "meta"], "readwrite", (s) => {
        households.forEach((h) => s.households.put(h));
        Object.entries(facts).forEach(([name, value]) => s.meta.put({ name, value }));
      });
    },
    putQueued(item) { return run(["queue"], "readwrite", (s) => { s.queue.put(item); }); },
    deleteQueued(clientId) { return run(["queue"], "readwrite", (s) => { s.queue.delete(clientId); }); },
    close() { db.close(); },
  };
}

/** Delete an event's list and queue from the device. */
export function destroy(slug) {
  return new Promise((resolve) => {
    const request = indexedDB.deleteDatabase(databaseName(slug));
    request.onsuccess = request.onerror = request.onblocked = () => resolve();
  });
}

/** Delete every door list on the device (sign-out). */
export async function destroyAll() {
  if (!indexedDB.databases) return;
  const all = await indexedDB.databases();
  await Promise.all(all.filter((d) => d.name && d.name.startsWith("showcase-door:"))
    .map((d) => destroy(d.name.slice("showcase-door:".length))));
}

