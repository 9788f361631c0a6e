// RSVPs over time on the organizer's event overview: bars of households per day and a line of the
// running total of people, against the capacity, drawn into the page's <svg> from the JSON endpoint.
// No library and no inline styles (the CSP forbids them): colours come from console.css classes.
(function () {
  "use strict";
  const NS = "http://www.w3.org/2000/svg";

  function el(name, attrs, parent) {
    const node = document.createElementNS(NS, name);
    for (const [key, value] of Object.entries(attrs || {})) node.setAttribute(key, String(value));
    if (parent) parent.appendChild(node);
    return node;
  }

  function text(parent, x, y, content, cls, anchor) {
    const node = el("text", { x, y, class: cls || "axis-label", "text-anchor": anchor || "start" }, parent);
    node.textContent = content;
    return node;
  }

  // the top of an axis with four whole, round steps (1, 2, 5 × 10^k each) that reaches value
  function niceMax(value) {
    const raw = Math.max(1, value) / 4;
    const power = Math.pow(10, Math.floor(Math.log10(raw)));
    for (const step of [1, 2, 5, 10]) if (step * power >= raw) return 4 * Math.max(1, step * power);
    return 40 * power;
  }

  function draw(figure, data) {
    const svg = figure.querySelector("svg");
    const days = data.days;
    svg.replaceChildren();
    if (!days.length) {
      svg.setAttribute("viewBox", "0 0 600 60");
      text(svg, 300, 35, figure.dataset.empty, "empty", "middle");
      return;
    }
    // Two panels on one time axis, each with its own scale, so a quiet day never looks "full":
    // above, the running total of people against the capacity; below, households per day.
    const W = 760, H = 380, left = 48, right = 16, top = 22, gap = 44, bottom = 40;
    svg.setAttribute("viewBox", `0 0 ${W} ${H}`);
    const capacity = Number(figure.dataset.capacity) || 0;
    const total = days[days.length - 1].total_people;
    const peakDay = Math.max(...days.map((d) => d.households));
    const yMax = niceMax(Math.max(total, capacity));
    const barMax = niceMax(peakDay);
    const plotW = W - left - right;
    const lineH = 190, barH = H - top - lineH - gap - bottom;
    const barTop = top + lineH + gap;
    const step = plotW / days.length;
    const x = (i) => left + step * i + step / 2;
    const y = (v) => top + lineH - (v / yMax) * lineH;
    const yBar = (v) => barTop + barH - (v / barMax) * barH;

    text(svg, left, top - 8, figure.dataset.labelPeople, "panel-title");
    text(svg, left, barTop - 8, figure.dataset.labelHouseholds, "panel-title households");
    for (let i = 0; i <= 4; i++) {                                   // the people panel's grid and figures
      const gy = top + lineH - (lineH * i) / 4;
      el("line", { x1: left, x2: W - right, y1: gy, y2: gy, class: "grid" }, svg);
      text(svg, left - 6, gy + 4, Math.round((yMax * i) / 4), "axis-label people", "end");
    }
    for (let i = 0; i <= 2; i++) {                                   // the households panel's own scale
      const gy = barTop + barH - (barH * i) / 2;
      el("line", { x1: left, x2: W - right, y1: gy, y2: gy, class: "grid" }, svg);
      text(svg, left - 6, gy + 4, Math.round((barMax * i) / 2), "axis-label households", "end");
    }
    if (capacity) {
      el("line", { x1: left, x2: W - right, y1: y(capacity), y2: y(capacity), class: "capacity" }, svg);
      text(svg, W - right - 4, y(capacity) - 5, `${figure.dataset.labelCapacity} ${capacity}`, "capacity-label", "end");
    }
    const barWidth = Math.max(2, Math.min(28, step * 0.6));
    days.forEach((d, i) => {
      const bar = el("rect", { x: x(i) - barWidth / 2, y: yBar(d.households), width: barWidth,
        height: barTop + barH - yBar(d.households), class: "bar" }, svg);
      el("title", {}, bar).textContent = `${d.date}: ${d.households} / ${d.people}`;
    });
    const points = days.map((d, i) => `${x(i)},${y(d.total_people)}`).join(" ");
    el("polyline", { points, class: "line" }, svg);
    days.forEach((d, i) => el("circle", { cx: x(i), cy: y(d.total_people), r: days.length > 40 ? 1.5 : 3, class: "dot" }, svg));
    const every = Math.max(1, Math.ceil(days.length / 8));           // at most ~8 date labels
    const format = new Intl.DateTimeFormat(figure.dataset.locale === "ko" ? "ko-KR" : "en-GB",
      { month: "short", day: "numeric", timeZone: "UTC" });
    days.forEach((d, i) => {
      if (i % every === 0 || i === days.length - 1) {
        text(svg, x(i), H - bottom + 18, format.format(new Date(d.date + "T00:00:00Z")), "axis-label", "middle");
      }
    });

    const legend = figure.querySelector(".chart-legend");
    legend.replaceChildren();
    for (const [cls, label] of [["swatch-line", figure.dataset.labelPeople], ["swatch-bar", figure.dataset.labelHouseholds]]) {
      const item = document.createElement("span");
      const swatch = document.createElement("i");
      swatch.className = cls;
      item.append(swatch, " ", label);
      legend.appendChild(item);
    }
  }

  document.querySelectorAll("figure.rsvp-chart").forEach(async (figure) => {
    try {
      const response = await fetch(figure.dataset.url, { headers: { Accept: "application/json" } });
      if (!response.ok) throw new Error(String(response.status));
      draw(figure, await response.json());
      figure.dataset.drawn = "true";
    } catch (error) {
      figure.dataset.drawn = "failed";
    }
  });
})();
