// The team's video upload: the file is sent as the raw request body with XHR so the page can show
// a progress bar with percentage and speed, and cancel. Then the processing state is polled.
(function () {
  "use strict";
  const form = document.getElementById("upload-form");
  const entry = document.getElementById("entry");

  function pollStatus(url, version) {
    const bar = document.getElementById("processing-bar");
    const percent = document.getElementById("processing-percent");
    const label = document.getElementById("state-label");
    const tick = () => {
      fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin", cache: "no-store" })
        .then((r) => r.json())
        .then((s) => {
          if (version && s.version && String(s.version) !== String(version)) { window.location.reload(); return; }
          if (bar && typeof s.progress === "number") { bar.value = s.progress; }
          if (percent && typeof s.progress === "number") { percent.textContent = s.progress + "%"; }
          if (label && s.state_label) { label.textContent = s.state_label; }
          if (s.state === "ready" || s.state === "failed") { window.location.reload(); return; }
          window.setTimeout(tick, 2000);
        })
        .catch(() => window.setTimeout(tick, 5000));
    };
    window.setTimeout(tick, 1000);
  }

  if (entry && (entry.dataset.state === "queued" || entry.dataset.state === "processing")) {
    pollStatus(entry.dataset.statusUrl, entry.dataset.version);
  }
  if (!form) return;

  const d = form.dataset;
  const progress = document.getElementById("upload-progress");
  const bar = document.getElementById("upload-bar");
  const percentText = document.getElementById("upload-percent");
  const speedText = document.getElementById("upload-speed");
  const cancel = document.getElementById("upload-cancel");
  const message = document.getElementById("upload-message");
  const button = document.getElementById("upload-button");
  let xhr = null;

  function showMessage(text, kind) {
    message.textContent = text;
    message.className = "flash flash-" + kind;
    message.setAttribute("role", kind === "error" ? "alert" : "status");
    message.hidden = !text;
  }

  function fieldError(name, text) {
    const p = document.getElementById(name + "-error");
    const input = document.getElementById(name);
    if (!p) return;
    p.textContent = text || "";
    p.hidden = !text;
    if (input) {
      if (text) { input.setAttribute("aria-invalid", "true"); } else { input.removeAttribute("aria-invalid"); }
      input.closest(".field").classList.toggle("has-error", Boolean(text));
    }
  }

  function clearErrors() {
    ["title_ko", "title_en", "description", "file", "consent"].forEach((n) => fieldError(n, ""));
    showMessage("", "info");
  }

  function humanSpeed(bytesPerSecond) {
    if (bytesPerSecond >= 1024 * 1024) return (bytesPerSecond / 1024 / 1024).toFixed(1) + " MB/s";
    return Math.max(1, Math.round(bytesPerSecond / 1024)) + " KB/s";
  }

  function setBusy(busy) {
    progress.hidden = !busy;
    button.disabled = busy;
    form.querySelectorAll("input, textarea").forEach((el) => { el.disabled = busy; });
  }

  ["title_ko", "title_en", "description", "file", "consent"].forEach((name) => {
    const input = document.getElementById(name);
    if (input) input.addEventListener("change", () => fieldError(name, ""));
  });

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearErrors();
    const file = document.getElementById("file").files[0];
    const details = {
      title_ko: document.getElementById("title_ko").value.trim(),
      title_en: document.getElementById("title_en").value.trim(),
      description: document.getElementById("description").value.trim(),
      consent: document.getElementById("consent").checked,
    };
    let ok = true;
    if (!details.title_ko) { fieldError("title_ko", d.msgNoTitle); ok = false; }
    if (!file) { fieldError("file", d.msgNoFile); ok = false; }
    else if (file.size > Number(d.maxBytes)) { fieldError("file", d.msgTooLarge); ok = false; }
    if (!details.consent) { fieldError("consent", d.msgNoConsent); ok = false; }
    if (!ok) { const bad = form.querySelector("[aria-invalid=true]"); if (bad) bad.focus(); return; }

    xhr = new XMLHttpRequest();
    xhr.open("POST", d.uploadUrl);
    xhr.setRequestHeader("Accept", "application/json");
    xhr.setRequestHeader("Content-Type", file.type || "application/octet-stream");
    xhr.setRequestHeader("X-Upload-Details", encodeURIComponent(JSON.stringify(details)));
    xhr.setRequestHeader("X-Upload-Filename", encodeURIComponent(file.name));
    const started = performance.now();
    bar.value = 0;
    percentText.textContent = "0%";
    speedText.textContent = "";
    xhr.upload.addEventListener("progress", (e) => {
      if (!e.lengthComputable) return;
      const percent = Math.floor((100 * e.loaded) / e.total);
      bar.value = percent;
      percentText.textContent = percent + "%";
      const seconds = (performance.now() - started) / 1000;
      if (seconds > 0.2) speedText.textContent = humanSpeed(e.loaded / seconds);
    });
    xhr.addEventListener("load", () => {
      let body = {};
      try { body = JSON.parse(xhr.responseText); } catch (err) { body = {}; }
      setBusy(false);
      if (xhr.status === 201) {
        bar.value = 100;
        percentText.textContent = "100%";
        showMessage(d.msgDone + ((body.warnings || []).includes("landscape") ? " " + d.msgLandscape : ""), "success");
        window.setTimeout(() => { window.location.href = body.team_url || window.location.href; }, 600);
        return;
      }
      progress.hidden = true;
      Object.entries(body.fields || {}).forEach(([name, text]) => fieldError(name, text));
      showMessage(body.message || d.msgServer, "error");
    });
    xhr.addEventListener("error", () => { setBusy(false); progress.hidden = true; showMessage(d.msgNetwork, "error"); });
    xhr.addEventListener("abort", () => { setBusy(false); progress.hidden = true; showMessage(d.msgCancelled, "info"); });
    setBusy(true);
    xhr.send(file);
  });

  cancel.addEventListener("click", () => { if (xhr) xhr.abort(); });
})();
