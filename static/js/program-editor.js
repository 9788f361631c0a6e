// Run-of-show editor: drag an item to reorder; the new order is saved at once.
// Without JavaScript the up/down buttons do the same job.
(function () {
  const list = document.getElementById("run-editor");
  const form = document.getElementById("order-form");
  const status = document.getElementById("order-status");
  if (!list || !form) return;
  let dragged = null;
  let before = null;

  const ids = () => Array.from(list.querySelectorAll("li[data-id]")).map((li) => li.dataset.id);

  function say(message, kind) {
    status.textContent = message;
    status.className = "order-status flash flash-" + kind;
  }

  function save() {
    const order = ids();
    if (before && order.join(",") === before.join(",")) return;
    const body = new FormData(form);
    body.set("order", order.join(","));
    fetch(list.dataset.orderUrl, { method: "POST", body, headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then((response) => response.json().then((data) => ({ ok: response.ok, data })))
      .then(({ ok, data }) => {
        if (!ok) { say(data.message, "error"); window.setTimeout(() => window.location.reload(), 2500); return; }
        const problems = data.problems || [];
        say([data.message].concat(problems).join(" "), problems.length ? "warning" : "success");
        refreshButtons();
      })
      .catch(() => say(list.dataset.failed || "⚠", "error"));
  }

  function refreshButtons() {
    const items = list.querySelectorAll("li[data-id]");
    items.forEach((li, index) => {
      const up = li.querySelector("button[value=up]");
      const down = li.querySelector("button[value=down]");
      if (up) up.disabled = index === 0;
      if (down) down.disabled = index === items.length - 1;
    });
  }

  list.addEventListener("dragstart", (event) => {
    dragged = event.target.closest("li[data-id]");
    if (!dragged) return;
    before = ids();
    dragged.classList.add("dragging");
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", dragged.dataset.id);
  });

  list.addEventListener("dragover", (event) => {
    if (!dragged) return;
    event.preventDefault();
    const over = event.target.closest("li[data-id]");
    if (!over || over === dragged) return;
    const box = over.getBoundingClientRect();
    const after = event.clientY > box.top + box.height / 2;
    list.insertBefore(dragged, after ? over.nextSibling : over);
  });

  list.addEventListener("drop", (event) => { if (dragged) event.preventDefault(); });

  list.addEventListener("dragend", () => {
    if (!dragged) return;
    dragged.classList.remove("dragging");
    dragged = null;
    save();
  });
})();
