// The camera: QR codes read with jsQR (static/vendor, a classic script: window.jsQR) from the
// back camera, a frame every SCAN_EVERY_MS; each code found goes to onCode(text).
const SCAN_EVERY_MS = 150;

export function setupCamera(root, T, onCode) {
  const statusEl = document.getElementById("camera-status");
  const startButton = document.getElementById("camera-start");
  const video = document.getElementById("camera");
  const canvas = document.getElementById("frame");
  const context = canvas.getContext("2d", { willReadFrequently: true });

  function message(text, showButton) {
    statusEl.textContent = text;
    startButton.hidden = !showButton;
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
        if (found && found.data) onCode(found.data);
      }
      requestAnimationFrame(tick);
    }
    requestAnimationFrame(tick);
  }

  async function start() {
    if (!window.isSecureContext || !navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
      message(T.cameraInsecure, false);
      return;
    }
    try {
      const stream = await navigator.mediaDevices.getUserMedia({
        audio: false, video: { facingMode: { ideal: "environment" }, width: { ideal: 1280 }, height: { ideal: 720 } } });
      video.srcObject = stream;
      await video.play().catch(() => {});
      message(T.cameraReady, false);
      root.classList.add("camera-on");
      scanLoop();
    } catch (error) {
      const name = error && error.name;
      if (name === "NotFoundError" || name === "OverconstrainedError") message(T.cameraMissing, true);
      else message(T.cameraRefused, true);   // NotAllowedError, SecurityError and the rest
    }
  }

  startButton.addEventListener("click", start);
  start();
}
