// The verdict's sound and vibration: a rising chime to admit, two beeps to check, a low buzz to
// refuse. Browsers allow sound only after a touch or a key, so the first one unlocks it.
let audio = null;

function unlockAudio() {
  if (!audio) {
    const Ctx = window.AudioContext || window.webkitAudioContext;
    if (Ctx) audio = new Ctx();
  }
  if (audio && audio.state === "suspended") audio.resume();
}

export function listenForUnlock() {
  ["pointerdown", "keydown", "touchstart"].forEach((type) =>
    document.addEventListener(type, unlockAudio, { passive: true }));
}

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

/** Sound and vibrate for a verdict of tone ``kind`` ("ok", "warn" or "bad"). */
export function signal(kind) {
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
