// Walk-ins (#walkin): a family with no RSVP, registered and admitted at once. Online through
// the door API; offline queued on this phone while the seats left (as last heard) allow it.
import { queuedWalkIn } from "./verdicts.js";

/** show(verdict) shows the answer. */
export function setupWalkIn(T, api, offline, show) {
  const form = document.getElementById("walkin");
  const error = document.getElementById("walkin-error");

  function refuse(text) {
    error.textContent = text;
    error.hidden = false;
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const fields = new FormData(form);
    const body = { name: String(fields.get("name") || "").trim(), phone: fields.get("phone"),
                   adults: Number(fields.get("adults")), children: Number(fields.get("children")),
                   infants: Number(fields.get("infants")), locale: document.documentElement.lang };
    error.hidden = true;
    const clientId = offline.newClientId();
    if (offline.isOnline() && navigator.onLine) {
      try {
        const reply = await api("POST", "/walk-ins", { ...body, client_id: clientId });
        offline.setOnline(true);
        if (reply.ok) {
          form.reset();
          show(reply.data);
        } else {
          refuse([reply.data.message].concat(Object.values(reply.data.fields || {})).join(" "));
        }
        return;
      } catch (e) { offline.setOnline(false); }
    }
    const seatsLeft = offline.state().seatsLeft;
    if (!body.name || body.adults < 1) { form.reportValidity(); return; }
    if (typeof seatsLeft === "number" && body.adults + body.children > seatsLeft) { refuse(T.noSeatsOffline); return; }
    const item = await offline.queueWalkIn(body);
    form.reset();
    show(queuedWalkIn(item, body.name, T));
  });
}
