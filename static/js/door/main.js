// The door screen: camera scanning, keyboard-wedge scanners, name/phone search, walk-ins, and a
// full-screen verdict with sound and vibration. Everything goes through the door API with this
// staff session; when the network is gone, offline.js decides from the list kept on this phone
// and queues the admission, and the service worker (/door/sw.js) keeps the page on the phone.
import { createApi } from "./api.js";
import { setupCamera } from "./camera.js";
import { listenForCodes } from "./keyboard.js";
import { createOffline } from "./offline.js";
import { createSearch } from "./search-view.js";
import { listenForUnlock } from "./sound.js";
import { renderStatus } from "./status-view.js";
import { destroyAll } from "./store.js";
import { fill } from "./text.js";
import { createVerdictView } from "./verdict-view.js";
import { noConnection, queuedAdmission, refusal, refusedOnDevice, undoneOnDevice } from "./verdicts.js";
import { setupWalkIn } from "./walkin.js";

const SAME_CODE_PAUSE_MS = 2500;   // a ticket held in view is re-sent only after it was away this long

const root = document.getElementById("door");
if (root) start(root);

function start(root) {
  const T = JSON.parse(document.getElementById("door-strings").textContent);
  const api = createApi(root, 5000);
  let busy = false;
  let lastCode = "", lastCodeAt = 0;
  let pageStored = false;
  const offline = createOffline({ root, onChange: (state) => renderStatus(root, state, pageStored, T), onSynced });
  const search = createSearch(T, api, offline, { admitHousehold, seat });
  const verdict = createVerdictView(T, {
    onFewer: admitFewer, onUndo: undoShown, onSeat: (shown) => seat(shown.household_id),
    onUndoLast: (last) => send("/checkins/" + last.admission_id + "/undo", {}),
    onShown(data) {
      if (data.admission_id || data.result === "undone") {
        window.showcaseAttendance.refresh();
        if (search.input.value.trim().length >= 2) search.search();
      }
    },
  });
  const show = verdict.show;

  function onSynced(answer) {
    if (answer.conflict && !verdict.current()) show(answer);
    window.showcaseAttendance.refresh();
  }

  // Plain requests (undo, admit fewer, seat from the waitlist): they need the network.
  async function send(path, body) {
    if (busy) return;
    busy = true;
    try {
      const reply = await api("POST", path, body);
      offline.setOnline(true);
      show(reply.ok ? reply.data : refusal(reply));
    } catch (error) {
      offline.setOnline(false);
      show(noConnection(T));
    } finally {
      busy = false;
    }
  }

  function seat(householdId) { send("/checkins", { household_id: householdId, seat_if_free: true }); }

  // ---- admitting: online through the API, offline from the list on this phone ----------------
  async function admitOnDevice(decision, code, clientId) {
    const refused = refusedOnDevice(decision, decision.household && offline.admittedHere(decision.household), T);
    if (refused) return show(refused);
    const h = decision.household;
    const item = await offline.queueAdmission(h, decision.remaining, code, clientId);
    show(queuedAdmission(item, h, offline.outside(h), T));
  }

  async function admit(body, decideOnDevice) {
    if (busy) return;
    busy = true;
    const clientId = offline.newClientId();
    try {
      if (offline.isOnline() && navigator.onLine) {
        try {
          const reply = await api("POST", "/checkins", { ...body, client_id: clientId });
          offline.setOnline(true);
          show(reply.ok ? reply.data : refusal(reply));
          return;
        } catch (error) {
          offline.setOnline(false);   // the same client_id goes into the queue: applied once either way
        }
      }
      await admitOnDevice(await decideOnDevice(), body.code || null, clientId);
    } finally {
      busy = false;
    }
  }

  function checkCode(code, fromCamera) {
    const text = String(code || "").trim();
    if (!text) return;
    const now = Date.now();
    if (fromCamera && text === lastCode && now - lastCodeAt < SAME_CODE_PAUSE_MS) {
      lastCodeAt = now;   // still held in view: wait until it has been away for a moment
      return;
    }
    if (fromCamera && busy) return;
    lastCode = text;
    lastCodeAt = now;
    const scanned = text.slice(0, 2048);
    admit({ code: scanned }, () => offline.decide(scanned));
  }

  function admitHousehold(id) {
    admit({ household_id: id }, async () => offline.decideHousehold(id));
  }

  async function admitFewer(n) {
    const shown = verdict.current();
    if (!shown) return;
    if (shown.queued && await offline.setQueuedPeople(shown.queued, n)) {   // still on this phone: changed before it is sent
      const h = offline.household(shown.household_id);
      show(queuedAdmission(offline.queued(shown.queued), h, offline.outside(h), T));
      return;
    }
    if (shown.admission_id) send("/checkins/" + shown.admission_id + "/fewer", { admit: n });
  }

  async function undoShown() {
    const shown = verdict.current();
    if (!shown) return;
    if (shown.queued && await offline.dropQueued(shown.queued)) { show(undoneOnDevice(shown, T)); return; }
    if (shown.admission_id) send("/checkins/" + shown.admission_id + "/undo", {});
  }

  listenForUnlock();
  listenForCodes((code) => checkCode(code, false), (field) => { if (field === search.input) search.cancel(); });
  setupCamera(root, T, (code) => checkCode(code, true));
  setupWalkIn(T, api, offline, show);
  keepAwake();
  signOutClearsTheList(T, offline);
  storePage(root, offline, (stored) => { pageStored = stored; renderStatus(root, offline.state(), pageStored, T); });
  offline.start();
}

// Keep the phone's screen on at the door (where supported).
function keepAwake() {
  async function request() {
    try { if (navigator.wakeLock && document.visibilityState === "visible") await navigator.wakeLock.request("screen"); }
    catch (error) { /* not allowed here: the phone's own settings apply */ }
  }
  document.addEventListener("visibilitychange", request);
  request();
}

// Signing out: the list leaves the phone (and unsent admissions are not lost silently).
function signOutClearsTheList(T, offline) {
  document.querySelectorAll('form[action$="/logout"]').forEach((form) => {
    form.addEventListener("submit", async (event) => {
      if (form.dataset.cleared) return;
      event.preventDefault();
      const pending = offline.state().pending;
      if (pending && !window.confirm(fill(T.signOutPending, { num: pending }))) return;
      await destroyAll().catch(() => {});
      form.dataset.cleared = "1";
      form.submit();
    });
  });
}

// The page on the phone: the service worker stores the page and every file it loads (the
// scripts, the door's modules named by <link rel="modulepreload">, styles, icons).
function storePage(root, offline, onStored) {
  if (!("serviceWorker" in navigator) || !window.isSecureContext) return;
  navigator.serviceWorker.register(root.dataset.sw, { scope: root.dataset.swScope })
    .then(() => navigator.serviceWorker.ready)
    .then((registration) => {
      const urls = [location.pathname].concat(Array.from(document.querySelectorAll(
        'script[src], link[rel="modulepreload"], link[rel="stylesheet"], link[rel="manifest"], link[rel="apple-touch-icon"]'),
      (el) => el.src || el.href));
      navigator.serviceWorker.addEventListener("message", (event) => {
        if (event.data && event.data.type === "stored") onStored(!!event.data.ok);
      });
      registration.active.postMessage({ type: "store", urls });
    })
    .catch(() => { /* no offline page: the list still works while this page stays open */ });
}
