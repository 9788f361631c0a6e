// The door screen: camera scanning with jsQR, keyboard-wedge scanners, name/phone search,
// walk-ins, and a full-screen verdict with sound and vibration. Everything goes through the
// door API (/api/v1/events/<slug>/…) with this staff session and its CSRF token; when the
// network is gone, door-offline.js decides from the list kept on this phone and queues the
// admission, and the service worker (/door/sw.js) keeps the page itself on the phone.
(function () {
  "use strict";
  const root = document.getElementById("door");
  if (!root) return;
  const API = root.dataset.api;
  const T = JSON.parse(document.getElementById("door-strings").textContent);
  const SAME_CODE_PAUSE_MS = 2500;   // a ticket held in view is re-sent only after it was away this long
  const VERDICT_MS = { ok: 3500, warn: 5000, bad: 5000 };
  const SCAN_EVERY_MS = 150;

  const verdictEl = document.getElementById("verdict");
  const statusEl = document.getElementById("camera-status");
  const video = document.getElementById("camera");
  const canvas = document.getElementById("frame");
  const context = canvas.getContext("2d", { willReadFrequently: true });
  let busy = false;
  let lastCode = "", lastCodeAt = 0;
  let hideTimer = null;
  let current = null;   // the verdict on screen
  const fill = (text, values) => Object.entries(values).reduce((t, [k, v]) => t.split("{" + k + "}").join(String(v)), text);

  // ---- talking to the API -------------------------------------------------------------
  async function api(method, path, body) {
    const controller = new AbortController();
    const timeout = setTimeout(() => controller.abort(), 5000);
    try {
      const response = await fetch(API + path, {
        method, credentials: "same-origin", signal: controller.signal, cache: "no-store",
        headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRFToken": root.dataset.csrf },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      if (response.status >= 502) throw new Error("gateway " + response.status);   // a proxy with no app behind it
      const data = await response.json().catch(() => ({}));
      return { ok: response.ok, status: response.status, data };
    } finally {
      clearTimeout(timeout);
    }
  }

  // ---- the list on this phone, the queue, and the status line ------------------------------
  const statusLine = document.getElementById("sync-status");
  const conflictsEl = document.getElementById("conflicts");
  let pageStored = false;
  const offline = window.DoorOffline.create({ root, onChange: renderStatus, onSynced: showSynced });

  function renderStatus(state) {
    root.dataset.pending = String(state.pending);
    root.dataset.connection = state.online ? "online" : "offline";
    root.dataset.offlineReady = String(pageStored && state.ready);
    let text, kind;
    if (!state.online) {
      kind = "offline";
      text = state.pending ? fill(T.offlineWaiting, { num: state.pending }) : T.offlineNone;
    } else if (state.pending) {
      kind = "syncing";
      text = fill(T.syncing, { num: state.pending });
    } else {
      kind = "synced";
      text = T.synced;
    }
    statusLine.className = "sync-status state-" + kind;
    statusLine.querySelector(".sync-text").textContent = text;
    statusLine.querySelector(".sync-ready").textContent =
      pageStored && state.ready ? fill(T.readyOffline, { num: state.households }) : T.notReady;
    renderConflicts(state);
  }

  function renderConflicts(state) {
    const list = conflictsEl.querySelector(".conflict-list");
    list.textContent = "";
    state.conflicts.forEach((c) => {
      const li = document.createElement("li");
      li.className = "conflict";
      li.dataset.admissionId = c.admission_id;
      li.textContent = fill(c.counted ? T.conflictLine : T.conflictNone, { household: c.household, door: c.door, claimed: c.claimed,
                                             time: c.at, counted: c.counted, total: c.party_size });
      list.appendChild(li);
    });
    state.failed.forEach((item) => {
      const li = document.createElement("li");
      li.className = "failed";
      li.textContent = item.household + ": " + fill(T.needsAttention, { message: item.error });
      list.appendChild(li);
    });
    conflictsEl.hidden = !list.children.length;
  }

  function showSynced(answer) {
    if (answer.conflict && !current) showVerdict(answer);
    window.showcaseAttendance.refresh();
  }

  // ---- sound and vibration --------------------------------------------------------------
  let audio = null;
  function unlockAudio() {
    if (!audio) {
      const Ctx = window.AudioContext || window.webkitAudioContext;
      if (Ctx) audio = new Ctx();
    }
    if (audio && audio.state === "suspended") audio.resume();
  }
  ["pointerdown", "keydown", "touchstart"].forEach((type) =>
    document.addEventListener(type, unlockAudio, { passive: true }));

  function tone(frequency, start, length, type) {
    const osc = audio.createOscillator();
    const gain = audio.createGain();
    osc.type = type;
    osc.frequency.value = frequency;
    gain.gain.setValueAtTime(0.0001, audio.currentTime + start);
    gain.gain.exponentialRampToValueAtTime(0.5, audio.currentTime + start + 0.01);
    gain.gain.exponentialRampToValueAtTime(0.0001, audio.currentTime + start + length);
    osc.connect(gain).connect(audio.destination);
    osc.start(audio.currentTime + start);
    osc.stop(audio.currentTime + start + length + 0.02);
  }
  function signal(kind) {
    try {
      if (!audio) unlockAudio();
      if (audio) {
        if (kind === "ok") { tone(880, 0, 0.12, "sine"); tone(1320, 0.13, 0.16, "sine"); }
        else if (kind === "warn") { tone(520, 0, 0.15, "triangle"); tone(520, 0.22, 0.15, "triangle"); }
        else { tone(200, 0, 0.45, "square"); }
      }
    } catch (e) { /* sound is a bonus */ }
    if (navigator.vibrate) navigator.vibrate(kind === "ok" ? 120 : kind === "warn" ? [80, 60, 80] : [300, 100, 300]);
  }

  // ---- the verdict ----------------------------------------------------------------------
  function hideVerdict() {
    clearTimeout(hideTimer);
    verdictEl.hidden = true;
    verdictEl.className = "verdict";
    current = null;
  }

  function showVerdict(data) {
    current = data;
    clearTimeout(hideTimer);
    verdictEl.className = "verdict tone-" + (data.tone || "bad") + " result-" + (data.result || "error")
      + (data.queued ? " is-offline" : "") + (data.conflict ? " is-conflict" : "");
    verdictEl.dataset.result = data.result || "error";
    verdictEl.dataset.offline = data.queued || data.offline ? "true" : "false";
    verdictEl.dataset.conflict = data.conflict ? "true" : "false";
    verdictEl.querySelector(".verdict-title").textContent = data.title || "";
    verdictEl.querySelector(".verdict-household").textContent = data.household || "";
    verdictEl.querySelector(".verdict-detail").textContent = data.detail || "";
    // what the household needs ("Stroller", "Allergy: egg") and a "no photos" marker for the photographer
    const needs = verdictEl.querySelector(".verdict-needs");
    needs.textContent = (data.needs || []).join(" · ");
    needs.hidden = !(data.needs && data.needs.length);
    verdictEl.querySelector(".verdict-nophoto").hidden = !(data.household_id && data.photo_consent === false);
    const undoable = data.admission_id || data.queued;
    verdictEl.querySelector(".undo").hidden = !undoable || data.result === "undone";
    const fewer = verdictEl.querySelector(".fewer");
    const fewerButtons = fewer.querySelector(".fewer-buttons");
    fewerButtons.textContent = "";
    fewer.hidden = !(undoable && data.admitted_now > 1 && data.result !== "undone");
    if (!fewer.hidden) {
      for (let n = 1; n < data.admitted_now; n += 1) {
        const b = document.createElement("button");
        b.type = "button";
        b.className = "button";
        b.textContent = T.admitFew.replace("{num}", n);
        b.addEventListener("click", () => admitFewer(n));
        fewerButtons.appendChild(b);
      }
    }
    const seat = verdictEl.querySelector(".seat-from-waitlist");
    seat.hidden = !(data.household_id && !data.offline && (data.result === "waitlisted" || (data.result === "cancelled" && data.released_at))
      && data.seats_free >= data.seats);
    verdictEl.hidden = false;
    signal(data.tone || "bad");
    hideTimer = setTimeout(hideVerdict, undoable ? VERDICT_MS.ok + 3000 : VERDICT_MS[data.tone] || 5000);
    rememberLast(data);
    if (data.admission_id || data.result === "undone") {
      window.showcaseAttendance.refresh();
      if (document.getElementById("search-input").value.trim().length >= 2) search();
    }
  }

  // The last admission stays undoable from the main screen until its undo window closes.
  const lastEl = document.getElementById("last-admission");
  let lastAdmission = null, lastTimer = null;
  function rememberLast(data) {
    if (data.result === "undone" && lastAdmission && data.admission_id === lastAdmission.admission_id) {
      lastAdmission = null;
    } else if (data.admission_id && data.undo_until && data.result !== "undone") {
      lastAdmission = data;
    }
    clearTimeout(lastTimer);
    lastEl.hidden = !lastAdmission;
    if (!lastAdmission) return;
    lastEl.querySelector(".last-text").textContent = T.lastAdmission
      .replace("{name}", lastAdmission.household || "").replace("{num}", lastAdmission.admitted_now);
    lastTimer = setTimeout(() => { lastAdmission = null; lastEl.hidden = true; },
      Math.max(0, new Date(lastAdmission.undo_until).getTime() - Date.now()));
  }
  lastEl.querySelector(".undo-last").addEventListener("click", () => {
    if (lastAdmission) send("/checkins/" + lastAdmission.admission_id + "/undo", {});
  });

  // Keep the phone's screen on at the door (where supported).
  async function keepAwake() {
    try { if (navigator.wakeLock && document.visibilityState === "visible") await navigator.wakeLock.request("screen"); }
    catch (error) { /* not allowed here: the phone's own settings apply */ }
  }
  document.addEventListener("visibilitychange", keepAwake);
  keepAwake();

  function showError(reply) {
    showVerdict({ tone: "bad", result: "error", title: reply.data.message || String(reply.status),
                  detail: Object.values(reply.data.fields || {}).join(" ") });
  }

  // Plain requests (undo, admit fewer, seat from the waitlist): they need the network.
  async function send(path, body) {
    if (busy) return;
    busy = true;
    try {
      const reply = await api("POST", path, body);
      offline.setOnline(true);
      if (reply.ok) showVerdict(reply.data); else showError(reply);
    } catch (error) {
      offline.setOnline(false);
      showVerdict({ tone: "bad", result: "offline", title: T.offline, detail: T.offlineDetail, offline: true });
    } finally {
      busy = false;
    }
  }

  // ---- admitting: online through the API, offline from the list on this phone ----------------
  function offlineAdmitted(item, h) {
    const partial = offline.admittedHere(h) < h.party_size;   // the queued item is already counted here
    return { tone: "ok", result: partial ? "partially_admitted" : "admitted", queued: item.client_id, offline: true,
             title: partial ? fill(T.admitOf, { num: item.people, total: h.party_size }) : fill(T.admitNum, { num: item.people }),
             household: h.name, detail: T.offlineAdmitted, admitted_now: item.people, household_id: h.id,
             party_size: h.party_size, needs: h.needs || [], photo_consent: h.photo_consent };
  }

  async function admitOnDevice(decision, code, clientId) {
    const h = decision.household;
    const off = { offline: true, tone: "bad", household: h ? h.name : "" };
    if (decision.kind === "nolist") return showVerdict({ ...off, result: "offline", title: T.offline, detail: T.offlineNoList });
    if (decision.kind === "unknown") return showVerdict({ ...off, result: "not_found", title: T.unknownCode, detail: T.offlineUnknown });
    if (decision.kind === "cancelled") return showVerdict({ ...off, result: "cancelled", title: T.cancelledTitle, detail: T.offlineCancelled });
    if (decision.kind === "waitlisted") return showVerdict({ ...off, result: "waitlisted", title: T.waitlistedTitle, detail: T.offlineWaitlisted });
    if (decision.kind === "already") {
      const admitted = offline.admittedHere(h);
      const detail = h.last_at && admitted === h.admitted
        ? fill(T.alreadyDetail, { time: h.last_at, door: h.last_door || "", admitted, total: h.party_size })
        : fill(T.alreadyHere, { admitted, total: h.party_size });
      return showVerdict({ ...off, tone: "warn", result: "already_admitted", title: T.alreadyAdmitted, detail,
                           household_id: h.id, needs: h.needs || [], photo_consent: h.photo_consent });
    }
    const item = await offline.queueAdmission(h, decision.remaining, code, clientId);
    showVerdict(offlineAdmitted(item, h));
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
          if (reply.ok) showVerdict(reply.data); else showError(reply);
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
    const code2048 = text.slice(0, 2048);
    admit({ code: code2048 }, () => offline.decide(code2048));
  }

  function admitHousehold(id) {
    admit({ household_id: id }, async () => {
      const h = offline.household(id);
      if (!h) return { kind: "nolist" };
      const remaining = h.party_size - offline.admittedHere(h);
      return { kind: remaining > 0 ? "admit" : "already", household: h, remaining };
    });
  }

  async function admitFewer(n) {
    const shown = current;
    if (!shown) return;
    if (shown.queued) {                              // still on this phone: change it before it is sent
      if (await offline.setQueuedPeople(shown.queued, n)) {
        const h = offline.household(shown.household_id);
        showVerdict(offlineAdmitted(offline.queued(shown.queued), h));
        return;
      }
    }
    if (shown.admission_id) send("/checkins/" + shown.admission_id + "/fewer", { admit: n });
  }

  async function undoShown() {
    const shown = current;
    if (!shown) return;
    if (shown.queued && await offline.dropQueued(shown.queued)) {
      showVerdict({ tone: "warn", result: "undone", title: T.undone, household: shown.household, detail: "", offline: true });
      return;
    }
    if (shown.admission_id) send("/checkins/" + shown.admission_id + "/undo", {});
  }

  verdictEl.querySelector(".close").addEventListener("click", hideVerdict);
  verdictEl.querySelector(".undo").addEventListener("click", undoShown);
  verdictEl.querySelector(".seat-from-waitlist").addEventListener("click", () => {
    if (current && current.household_id) send("/checkins", { household_id: current.household_id, seat_if_free: true });
  });

  // ---- typed codes and keyboard-wedge scanners ------------------------------------------
  // A scanner types the whole ticket URL in a burst and presses Enter. That is a scan wherever
  // the focus is, the search box included: a burst at scanner speed, or text shaped like one of
  // our ticket URLs, ending in Enter. What the burst typed into a field is taken out again.
  const input = document.getElementById("code-input");
  const searchInput = document.getElementById("search-input");
  document.getElementById("manual").addEventListener("submit", (event) => {
    event.preventDefault();
    checkCode(input.value, false);
    input.value = "";
  });
  const SCANNER_KEY_MS = 50;                       // people type slower than one key per 50 ms
  const TICKET_URL = /^https?:\/\/[^\s/]+(\/[^\s]*)?\/t\/[A-Za-z0-9_-]{20,100}$/;
  let burst = "", burstStart = 0, lastKeyAt = 0, burstField = null, fieldBefore = "";
  function isField(el) { return el && (el.tagName === "INPUT" || el.tagName === "TEXTAREA" || el.tagName === "SELECT"); }
  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const target = event.target;
    if (target === input) return;                    // the code box: its own form submits
    const now = performance.now();
    if (now - lastKeyAt > (isField(target) ? SCANNER_KEY_MS * 4 : 500)) {
      burst = ""; burstStart = now;
      burstField = isField(target) ? target : null;
      fieldBefore = burstField ? burstField.value : "";
    }
    lastKeyAt = now;
    if (event.key === "Enter") {
      const text = burst.trim();
      const fast = text.length >= 16 && (now - burstStart) / text.length < SCANNER_KEY_MS;
      const typed = burstField ? String(burstField.value).trim() : "";
      let code = null;
      if (!burstField && text.length >= 4) code = text;                     // nothing focused: any burst
      else if (burstField && (TICKET_URL.test(text) && fast)) code = text;   // scanner speed, ticket shape
      else if (burstField && TICKET_URL.test(typed)) code = typed;          // a ticket URL pasted or typed
      burst = "";
      if (code) {
        event.preventDefault();
        event.stopPropagation();
        if (burstField) {
          burstField.value = TICKET_URL.test(typed) && typed === code ? "" : fieldBefore;
          if (burstField === searchInput) { clearTimeout(searchTimer); results.textContent = ""; }
        }
        checkCode(code, false);
      }
    } else if (event.key.length === 1) {
      burst += event.key;
      if (burst.length > 2048) burst = "";
    }
  }, true);

  // ---- the camera -----------------------------------------------------------------------
  function cameraMessage(text, showButton) {
    statusEl.textContent = text;
    document.getElementById("camera-start").hidden = !showButton;
    root.classList.toggle("camera-off", showButton !== false && text !== T.cameraReady);
  }

  function scanLoop() {
    let lastScan = 0;
    function tick(time) {
      if (video.readyState >= 2 && time - lastScan >= SCAN_EVERY_MS && window.jsQR) {
        lastScan = time;
        const scale = Math.min(1, 640 / (video.videoWidth || 640));
        const w = Math.max(1, Math.round(video.videoWidth * scale));
        const h = Math.max(1, Math.round(video.videoHeight * scale));
        if (canvas.width !== w) canvas.width = w;
        if (canvas.height !== h) canvas.height = h;
        context.drawImage(video, 0, 0, w, h);
        const found = window.jsQR(context.getImageData(0, 0, w, h).data, w, h, { inversionAttempts: "attemptBoth" });
        if (found && found.data) checkCode(found.data, true);
      }
      requestAnimationFrame(tick);
    }
    requestAnimationFrame(tick);
  }

  async function startCamera() {
    if (!window.isSecureContext || !navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
      cameraMessage(T.cameraInsecure, false);
      return;
    }
    try {
      const stream = await navigator.mediaDevices.getUserMedia({
        audio: false, video: { facingMode: { ideal: "environment" }, width: { ideal: 1280 }, height: { ideal: 720 } } });
      video.srcObject = stream;
      await video.play().catch(() => {});
      cameraMessage(T.cameraReady, false);
      root.classList.add("camera-on");
      scanLoop();
    } catch (error) {
      const name = error && error.name;
      if (name === "NotAllowedError" || name === "SecurityError") cameraMessage(T.cameraRefused, true);
      else if (name === "NotFoundError" || name === "OverconstrainedError") cameraMessage(T.cameraMissing, true);
      else cameraMessage(T.cameraRefused, true);
    }
  }
  document.getElementById("camera-start").addEventListener("click", startCamera);
  startCamera();

  // ---- search by name or phone ------------------------------------------------------------
  const results = document.getElementById("search-results");
  let searchTimer = null;
  function renderResults(list) {
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
        T.of.replace("{admitted}", h.admitted_total).replace("{total}", h.party_size)].filter(Boolean).join(" · ");
      text.append(name, meta);
      li.appendChild(text);
      let button = null;
      if (h.status === "confirmed" && h.remaining > 0) {
        button = document.createElement("button");
        button.textContent = T.admitFew.replace("{num}", h.remaining);
        button.addEventListener("click", () => admitHousehold(h.household_id));
      } else if (h.status === "waitlisted") {
        button = document.createElement("button");
        button.textContent = T.admitFromWaitlist;
        button.addEventListener("click", () => send("/checkins", { household_id: h.household_id, seat_if_free: true }));
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
    renderResults(offline.search(q).map((h) => {
      const admitted = offline.admittedHere(h);
      return { household_id: h.id, household: h.name, status: h.status, phone: h.phone4 ? "…" + h.phone4 : "",
               party: "", party_size: h.party_size, admitted_total: admitted, remaining: Math.max(0, h.party_size - admitted) };
    }));
  }
  async function search() {
    const q = searchInput.value.trim();
    if (q.length < 2) { results.textContent = ""; return; }
    if (!offline.isOnline() && offline.hasList()) { searchOnDevice(q); return; }
    try {
      const reply = await api("GET", "/households?q=" + encodeURIComponent(q));
      if (reply.ok) renderResults(reply.data.households || []);
    } catch (error) {
      offline.setOnline(false);
      if (offline.hasList()) searchOnDevice(q);
    }
  }
  searchInput.addEventListener("input", () => { clearTimeout(searchTimer); searchTimer = setTimeout(search, 250); });

  // ---- walk-ins ---------------------------------------------------------------------------
  const walkin = document.getElementById("walkin");
  const walkinError = document.getElementById("walkin-error");
  walkin.addEventListener("submit", async (event) => {
    event.preventDefault();
    const form = new FormData(walkin);
    const body = { name: String(form.get("name") || "").trim(), phone: form.get("phone"),
                   adults: Number(form.get("adults")), children: Number(form.get("children")),
                   infants: Number(form.get("infants")), locale: document.documentElement.lang };
    walkinError.hidden = true;
    const clientId = offline.newClientId();
    if (offline.isOnline() && navigator.onLine) {
      try {
        const reply = await api("POST", "/walk-ins", { ...body, client_id: clientId });
        offline.setOnline(true);
        if (reply.ok) {
          walkin.reset();
          showVerdict(reply.data);
        } else {
          walkinError.textContent = [reply.data.message].concat(Object.values(reply.data.fields || {})).join(" ");
          walkinError.hidden = false;
        }
        return;
      } catch (error) { offline.setOnline(false); }
    }
    const state = offline.state();
    if (!body.name || body.adults < 1) { walkin.reportValidity(); return; }
    if (typeof state.seatsLeft === "number" && body.adults + body.children > state.seatsLeft) {
      walkinError.textContent = T.noSeatsOffline;
      walkinError.hidden = false;
      return;
    }
    const item = await offline.queueWalkIn(body);
    walkin.reset();
    showVerdict({ tone: "ok", result: "admitted", queued: item.client_id, offline: true,
                  title: fill(T.admitNum, { num: item.people }), household: body.name, detail: T.walkinQueued,
                  admitted_now: 0 });
  });

  // ---- signing out: the list leaves the phone (and unsent admissions are not lost silently) ----
  document.querySelectorAll('form[action$="/logout"]').forEach((form) => {
    form.addEventListener("submit", async (event) => {
      if (form.dataset.cleared) return;
      event.preventDefault();
      const pending = offline.state().pending;
      if (pending && !window.confirm(fill(T.signOutPending, { num: pending }))) return;
      await window.DoorStore.destroyAll().catch(() => {});
      form.dataset.cleared = "1";
      form.submit();
    });
  });

  // ---- the page on the phone: service worker and the list -------------------------------------
  function storePage(worker) {
    const urls = [location.pathname].concat(Array.from(document.querySelectorAll(
      'script[src], link[rel="stylesheet"], link[rel="manifest"], link[rel="apple-touch-icon"]'),
    (el) => el.src || el.href));
    navigator.serviceWorker.addEventListener("message", (event) => {
      if (event.data && event.data.type === "stored") {
        pageStored = !!event.data.ok;
        renderStatus(offline.state());
      }
    });
    worker.postMessage({ type: "store", urls });
  }
  if ("serviceWorker" in navigator && window.isSecureContext) {
    navigator.serviceWorker.register(root.dataset.sw, { scope: root.dataset.swScope })
      .then(() => navigator.serviceWorker.ready)
      .then((registration) => storePage(registration.active))
      .catch(() => { /* no offline page: the list still works while this page stays open */ });
  }
  offline.start();
})();
