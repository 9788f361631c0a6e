// Draws the status line (#sync-status), the "admitted at two doors" box (#conflicts) and the
// #door contract attributes (data-pending, data-offline-ready, data-connection).
import { attentionLines, statusLine } from "./status.js";

export function renderStatus(root, state, pageStored, T) {
  const line = statusLine(state, pageStored, T);
  root.dataset.pending = String(state.pending);
  root.dataset.connection = state.online ? "online" : "offline";
  root.dataset.offlineReady = String(line.ready);
  const el = document.getElementById("sync-status");
  el.className = "sync-status state-" + line.kind;
  el.querySelector(".sync-text").textContent = line.text;
  el.querySelector(".sync-ready").textContent = line.readyText;

  const box = document.getElementById("conflicts");
  const list = box.querySelector(".conflict-list");
  list.textContent = "";
  attentionLines(state, T).forEach((entry) => {
    const li = document.createElement("li");
    li.className = entry.className;
    if (entry.admissionId !== undefined) li.dataset.admissionId = entry.admissionId;
    li.textContent = entry.text;
    list.appendChild(li);
  });
  box.hidden = !list.children.length;
}
