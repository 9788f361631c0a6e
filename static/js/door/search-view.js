// Search by name or the last phone digits (#search-input, #search-results): through the door
// API when online, in the list on this phone when not. Each confirmed household still partly
// outside gets an "Admit N" button; a waitlisted one "Admit from the waitlist".
import { fill } from "./text.js";

/** actions: admitHousehold(id), seat(id). Returns {search(), cancel()}. */
export function createSearch(T, api, offline, actions) {
  const input = document.getElementById("search-input");
  const results = document.getElementById("search-results");
  let timer = null;

  function render(list) {
    results.textContent = "";
    if (!list.length) {
      const li = document.createElement("li");
      li.className = "muted";
      li.textContent = T.none;
      results.appendChild(li);
      return;
    }
    list.forEach((h) => {
      const li = document.createElement("li");
      li.className = "result status-" + h.status;
      const text = document.createElement("div");
      const name = document.createElement("strong");
      name.textContent = h.household;
      const meta = document.createElement("span");
      meta.className = "muted small";
      meta.textContent = " " + [h.phone, h.party, T[h.status] || h.status,
        fill(T.of, { admitted: h.admitted_total, total: h.party_size })].filter(Boolean).join(" · ");
      text.append(name, meta);
      li.appendChild(text);
      let button = null;
      if (h.status === "confirmed" && h.remaining > 0) {
        button = document.createElement("button");
        button.textContent = fill(T.admitFew, { num: h.remaining });
        button.addEventListener("click", () => actions.admitHousehold(h.household_id));
      } else if (h.status === "waitlisted") {
        button = document.createElement("button");
        button.textContent = T.admitFromWaitlist;
        button.addEventListener("click", () => actions.seat(h.household_id));
      } else if (h.status === "confirmed") {
        const done = document.createElement("span");
        done.className = "badge ok";
        done.textContent = T.allIn;
        li.appendChild(done);
      }
      if (button) { button.type = "button"; button.className = "button primary"; li.appendChild(button); }
      results.appendChild(li);
    });
  }

  function searchOnDevice(q) {
    render(offline.search(q));
  }

  async function search() {
    const q = input.value.trim();
    if (q.length < 2) { results.textContent = ""; return; }
    if (!offline.isOnline() && offline.hasList()) { searchOnDevice(q); return; }
    try {
      const reply = await api("GET", "/households?q=" + encodeURIComponent(q));
      if (reply.ok) render(reply.data.households || []);
    } catch (error) {
      offline.setOnline(false);
      if (offline.hasList()) searchOnDevice(q);
    }
  }

  input.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(search, 250); });
  return {
    input,
    search,
    /** A scan typed into the search box: no search for it. */
    cancel() { clearTimeout(timer); results.textContent = ""; },
  };
}
