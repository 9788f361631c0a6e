// The door's service worker (served as /door/sw.js, scope /door/): keeps the door screen, its
// scripts, styles, fonts and icons on the device so the page loads with no network.
// Pages are network-first (fresh when the network is there, the stored copy when not); static
// files are cache-first and refreshed in the background. The API is never cached: offline
// admissions live in IndexedDB (see door/offline.js), not here. The page names the files to
// store (door/main.js: its scripts, every module it preloads, styles, manifest and icon).
"use strict";

const CACHE = "showcase-door-v1";

self.addEventListener("install", () => self.skipWaiting());

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    const names = await caches.keys();
    await Promise.all(names.filter((n) => n.startsWith("showcase-door-") && n !== CACHE).map((n) => caches.delete(n)));
    await self.clients.claim();
  })());
});

// The page sends what it needs offline: {type: "store", urls: [...]}; answered {type: "stored", ok}.
self.addEventListener("message", (event) => {
  const data = event.data || {};
  if (data.type !== "store" || !Array.isArray(data.urls)) return;
  event.waitUntil((async () => {
    let ok = true;
    const cache = await caches.open(CACHE);
    await Promise.all(data.urls.map(async (url) => {
      try {
        const response = await fetch(url, { credentials: "same-origin", cache: "no-cache" });
        if (response.ok && !response.redirected) await cache.put(url, response);
        else ok = false;
      } catch (error) {
        ok = ok && !!(await cache.match(url, { ignoreVary: true }));   // offline: a stored copy will do
      }
    }));
    if (event.source) event.source.postMessage({ type: "stored", ok });
  })());
});

function sameOrigin(url) { return url.origin === self.location.origin; }

async function networkFirst(request) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    if (response.ok && !response.redirected && request.method === "GET") {
      await cache.put(request.url.split("#")[0], response.clone());
    }
    return response;
  } catch (error) {
    const stored = await cache.match(request, { ignoreSearch: true, ignoreVary: true });
    if (stored) return stored;
    throw error;
  }
}

async function cacheFirst(request, event) {
  const cache = await caches.open(CACHE);
  const stored = await cache.match(request, { ignoreVary: true });
  const fresh = fetch(request).then(async (response) => {
    if (response.ok) await cache.put(request, response.clone());
    return response;
  });
  if (stored) {
    event.waitUntil(fresh.catch(() => undefined));
    return stored;
  }
  return fresh;
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || !sameOrigin(url)) return;
  if (url.pathname.startsWith("/api/")) return;                       // always the network
  if (request.mode === "navigate" && url.pathname.startsWith("/door/")) {
    event.respondWith(networkFirst(request));
  } else if (url.pathname.startsWith("/static/") || url.pathname.endsWith(".webmanifest")) {
    event.respondWith(cacheFirst(request, event));
  }
});
