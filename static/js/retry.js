// The "try again in a moment" page (503): it tries again by itself a few times, waiting longer each
// time (5 s, 10 s, 20 s), resending what the person typed (kept as hidden fields) or reloading the page.
(() => {
  const page = document.getElementById("unavailable");
  if (!page) return;
  const key = `showcase-retry:${location.pathname}`;
  const tries = Number(sessionStorage.getItem(key) || "0");
  if (tries >= 3) { sessionStorage.removeItem(key); return; }   // then the person decides
  let wait = Number(page.dataset.retryAfter || "5") * 2 ** tries;
  const status = document.getElementById("retry-status");
  const again = () => {
    sessionStorage.setItem(key, String(tries + 1));
    const form = document.getElementById("retry-form");
    if (form) form.submit(); else location.reload();
  };
  const tick = () => {
    status.textContent = status.dataset.waiting.replace("{s}", String(wait));
    if (wait <= 0) { again(); return; }
    wait -= 1;
    setTimeout(tick, 1000);
  };
  tick();
})();
