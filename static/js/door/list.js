// The door list kept on this phone, in memory: households by ticket hash and by id, with the
// figures the server sent. How many of a household are still outside is the server's number
// (``remaining`` in the list); this phone only takes off the people it admitted itself and has
// not sent yet. Nothing here talks to the network or the page.

/** A household the phone can decide about: a confirmed one needs the server's number. A list
 * stored by an older page lacks it: it is set aside until the next whole list arrives. */
export function usable(h) {
  return h.status !== "confirmed" || typeof h.remaining === "number";
}

/** People of ``h`` admitted so far as far as this phone knows: the server's count plus its own queue. */
export function admittedHere(h, queuedPeople) {
  return (h.admitted || 0) + queuedPeople;
}

/** People of ``h`` still outside: the server's number less what this phone admitted unsent. */
export function outside(h, queuedPeople) {
  return Math.max(0, h.remaining - queuedPeople);
}

/** A household found on this phone, shaped like the door API's search answer. */
export function searchRow(h, queuedPeople) {
  return { household_id: h.id, household: h.name, status: h.status, phone: h.phone4 ? "…" + h.phone4 : "",
           party: "", party_size: h.party_size, admitted_total: admittedHere(h, queuedPeople),
           remaining: outside(h, queuedPeople) };
}

export function createList() {
  const byKey = new Map(), byId = new Map();

  function remember(h) {
    byKey.set(h.key, h);
    if (h.id !== undefined) byId.set(h.id, h);
  }

  function clear() { byKey.clear(); byId.clear(); }

  /** Admissions at every door (the list's figures, or ?part=admitted): returns the changed households. */
  function applyAdmitted(data) {
    const changed = [];
    const remaining = data.remaining || {};
    byId.forEach((h) => {
      if (h.status !== "confirmed") return;
      const id = String(h.id);
      const row = data.admitted[id];
      const admitted = row ? row.admitted : 0;
      const left = id in remaining ? remaining[id] : h.remaining;
      if (h.admitted !== admitted || h.remaining !== left || (row && h.last_at !== row.last_at)) {
        h.admitted = admitted;
        h.remaining = left;
        h.last_door = row ? row.last_door : null;
        h.last_at = row ? row.last_at : null;
        changed.push(h);
      }
    });
    return changed;
  }

  return {
    get size() { return byKey.size; },
    get householdCount() { return byId.size; },
    households: () => byId.values(),
    byKey: (key) => byKey.get(key),
    byId: (id) => byId.get(id),
    clear,
    applyAdmitted,
    /** Households stored on the phone; none if some cannot be decided about (a code of theirs
     * would be "unknown", and must be "not checked" instead). */
    load(households) { if (households.every(usable)) households.forEach(remember); },
    /** The whole list from the server: replaces what was here. */
    replace(data) {
      clear();
      data.households.forEach((h) => { h.admitted = 0; remember(h); });
      applyAdmitted(data);
      return Array.from(byKey.values());
    },
    /** The server's answer to an admission this phone sent: its figures for that household. */
    applyAnswer(answer) {
      const h = byId.get(answer.household_id);
      if (!h || typeof answer.admitted_total !== "number") return null;
      h.admitted = answer.admitted_total;
      if (typeof answer.remaining === "number") h.remaining = answer.remaining;
      return h;
    },
  };
}
