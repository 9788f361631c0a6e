// The door screen: camera scanning with jsQR, keyboard-wedge scanners, name/phone search,
// walk-ins, and a full-screen verdict with sound and vibration. Everything goes through the
// door API (/api/v1/events/<slug>/…) with this staff session and its CSRF token.
(function () {
  "use strict";
  const root = document.getElementById("door");
  if (!root) return;
  const API = root.dataset.api;
  const CSRF = root.dataset.csrf;
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

  // ---- talking to the API -------------------------------------------------------------
  async function api(method, path, body) {
    const controller = new AbortController();
    const timeout = setTimeout(() => controller.abort(), 8000);
    try {
      const response = await fetch(API + path, {
        method, credentials: "same-origin", signal: controller.signal, cache: "no-store",
        headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRFToken": CSRF },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const data = await response.json().catch(() => ({}));
      return { ok: response.ok, status: response.status, data };
    } finally {
      clearTimeout(timeout);
    }
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
    verdictEl.className = "verdict tone-" + (data.tone || "bad") + " result-" + (data.result || "error");
    verdictEl.dataset.result = data.result || "error";
    verdictEl.querySelector(".verdict-title").textContent = data.title || "";
    verdictEl.querySelector(".verdict-household").textContent = data.household || "";
    verdictEl.querySelector(".verdict-detail").textContent = data.detail || "";
    // what the household needs ("Stroller", "Allergy: egg") and a "no photos" marker for the photographer
    const needs = verdictEl.querySelector(".verdict-needs");
    needs.textContent = (data.needs || []).join(" · ");
    needs.hidden = !(data.needs && data.needs.length);
    verdictEl.querySelector(".verdict-nophoto").hidden = !(data.household_id && data.photo_consent === false);
    const undo = verdictEl.querySelector(".undo");
    undo.hidden = !data.admission_id || data.result === "undone";
    const fewer = verdictEl.querySelector(".fewer");
    const fewerButtons = fewer.querySelector(".fewer-buttons");
    fewerButtons.textContent = "";
    fewer.hidden = !(data.admission_id && data.admitted_now > 1 && data.result !== "undone");
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
    seat.hidden = !(data.household_id && (data.result === "waitlisted" || (data.result === "cancelled" && data.released_at))
      && data.seats_free >= data.seats);
    verdictEl.hidden = false;
    signal(data.tone || "bad");
    hideTimer = setTimeout(hideVerdict, data.admission_id ? VERDICT_MS.ok + 3000 : VERDICT_MS[data.tone] || 5000);
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

  function showOffline() {
    showVerdict({ tone: "bad", result: "offline", title: T.offline, detail: T.offlineDetail });
  }

  async function send(path, body) {
    if (busy) return;
    busy = true;
    try {
      const reply = await api("POST", path, body);
      if (reply.ok) showVerdict(reply.data);
      else showVerdict({ tone: "bad", result: "error", title: reply.data.message || String(reply.status),
                         detail: Object.values(reply.data.fields || {}).join(" ") });
    } catch (error) {
      showOffline();
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
    send("/checkins", { code: text.slice(0, 2048) });
  }

  async function admitFewer(n) {
    const admitted = current;
    if (!admitted || !admitted.admission_id) return;
    busy = true;
    try {
      const undone = await api("POST", "/checkins/" + admitted.admission_id + "/undo", {});
      if (!undone.ok) { busy = false; showVerdict({ tone: "bad", title: undone.data.message || "", detail: "" }); return; }
      busy = false;
      await send("/checkins", { household_id: admitted.household_id, admit: n });
    } catch (error) {
      busy = false;
      showOffline();
    }
  }

  verdictEl.querySelector(".close").addEventListener("click", hideVerdict);
  verdictEl.querySelector(".undo").addEventListener("click", () => {
    if (current && current.admission_id) send("/checkins/" + current.admission_id + "/undo", {});
  });
  verdictEl.querySelector(".seat-from-waitlist").addEventListener("click", () => {
    if (current && current.household_id) send("/checkins", { household_id: current.household_id, seat_if_free: true });
  });

  // ---- typed codes and keyboard-wedge scanners ------------------------------------------
  const input = document.getElementById("code-input");
  document.getElementById("manual").addEventListener("submit", (event) => {
    event.preventDefault();
    checkCode(input.value, false);
    input.value = "";
  });
  let wedge = "", wedgeAt = 0;
  document.addEventListener("keydown", (event) => {
    const target = event.target;
    if (target && (target.tagName === "INPUT" || target.tagName === "TEXTAREA" || target.tagName === "SELECT")) return;
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const now = Date.now();
    if (now - wedgeAt > 500) wedge = "";
    wedgeAt = now;
    if (event.key === "Enter") {
      if (wedge.length >= 4) { event.preventDefault(); checkCode(wedge, false); }
      wedge = "";
    } else if (event.key.length === 1) {
      wedge += event.key;
      if (wedge.length > 2048) wedge = "";
    }
  });

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
  const searchInput = document.getElementById("search-input");
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
        button.addEventListener("click", () => send("/checkins", { household_id: h.household_id }));
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
  async function search() {
    const q = searchInput.value.trim();
    if (q.length < 2) { results.textContent = ""; return; }
    try {
      const reply = await api("GET", "/households?q=" + encodeURIComponent(q));
      if (reply.ok) renderResults(reply.data.households || []);
    } catch (error) { showOffline(); }
  }
  searchInput.addEventListener("input", () => { clearTimeout(searchTimer); searchTimer = setTimeout(search, 250); });

  // ---- walk-ins ---------------------------------------------------------------------------
  const walkin = document.getElementById("walkin");
  const walkinError = document.getElementById("walkin-error");
  walkin.addEventListener("submit", async (event) => {
    event.preventDefault();
    const form = new FormData(walkin);
    const body = { name: form.get("name"), phone: form.get("phone"),
                   adults: Number(form.get("adults")), children: Number(form.get("children")),
                   infants: Number(form.get("infants")), locale: document.documentElement.lang };
    walkinError.hidden = true;
    try {
      const reply = await api("POST", "/walk-ins", body);
      if (reply.ok) {
        walkin.reset();
        showVerdict(reply.data);
      } else {
        walkinError.textContent = [reply.data.message].concat(Object.values(reply.data.fields || {})).join(" ");
        walkinError.hidden = false;
      }
    } catch (error) { showOffline(); }
  });
})();
