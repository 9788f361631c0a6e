// The door API (/api/v1/events/<slug>/…) with this staff session and its CSRF token, both from
// the #door element (data-api, data-csrf). A proxy answering 502–504 with no app behind it is
// no answer: that throws, like a network that is gone.

/** A caller of the API: request(method, path, body) → {ok, status, data}; gives up after timeoutMs. */
export function createApi(root, timeoutMs) {
  return async function request(method, path, body) {
    const controller = new AbortController();
    const timeout = setTimeout(() => controller.abort(), timeoutMs);
    try {
      const response = await fetch(root.dataset.api + path, {
        method, credentials: "same-origin", signal: controller.signal, cache: "no-store",
        headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRFToken": root.dataset.csrf },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      if (response.status >= 502) throw new Error("gateway " + response.status);
      const data = await response.json().catch(() => ({}));
      return { ok: response.ok, status: response.status, data };
    } finally {
      clearTimeout(timeout);
    }
  };
}
