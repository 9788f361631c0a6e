// Live counts and the arrivals-per-5-minutes chart (inline SVG), polled from the attendance API.
(function () {
  "use strict";
  const SVG = "http://www.w3.org/2000/svg";
  const POLL_MS = 5000;

  function svg(name, attrs) {
    const el = document.createElementNS(SVG, name);
    Object.entries(attrs).forEach(([k, v]) => el.setAttribute(k, String(v)));
    return el;
  }

  function drawChart(section, arrivals) {
    const chart = section.querySelector(".arrivals-chart");
    const empty = section.querySelector(".arrivals-empty");
    while (chart.firstChild) chart.removeChild(chart.firstChild);
    const total = arrivals.reduce((sum, a) => sum + a.people, 0);
    empty.hidden = total > 0;
    chart.style.display = total > 0 ? "" : "none";
    if (!total) return;
    const width = Math.max(200, Math.round(chart.clientWidth || 320));
    const height = Math.max(80, Math.round(chart.clientHeight || 110));
    const top = 14, bottom = 18;
    chart.setAttribute("viewBox", `0 0 ${width} ${height}`);
    const max = Math.max(...arrivals.map((a) => a.people), 1);
    const slot = Math.min(width / Math.max(arrivals.length, 12), 48);
    const fmt = new Intl.DateTimeFormat(section.dataset.locale === "en" ? "en-US" : "ko-KR",
      { timeZone: section.dataset.timezone, hour: "2-digit", minute: "2-digit", hour12: false });
    chart.appendChild(svg("line", { x1: 0, y1: height - bottom, x2: width, y2: height - bottom, class: "axis" }));
    arrivals.forEach((a, i) => {
      const h = ((height - top - bottom) * a.people) / max;
      const x = i * slot + slot * 0.12;
      const bar = svg("rect", { x: x, y: height - bottom - h, width: slot * 0.76, height: h, class: "bar" });
      const title = svg("title", {});
      title.textContent = fmt.format(new Date(a.at)) + " · " + a.people;
      bar.appendChild(title);
      chart.appendChild(bar);
      if (a.people > 0 && slot >= 14) {
        const label = svg("text", { x: x + slot * 0.38, y: height - bottom - h - 2, class: "bar-value" });
        label.textContent = String(a.people);
        chart.appendChild(label);
      }
      if (i % 6 === 0) {
        const tick = svg("text", { x: x, y: height - 4, class: "tick" });
        tick.textContent = fmt.format(new Date(a.at));
        chart.appendChild(tick);
      }
    });
  }

  function render(section, data) {
    section.querySelectorAll("[data-count]").forEach((el) => {
      const value = data[el.dataset.count];
      if (value !== undefined) el.textContent = String(value);
    });
    drawChart(section, data.arrivals || []);
  }

  function start(section) {
    let timer = null;
    async function refresh() {
      clearTimeout(timer);
      try {
        const response = await fetch(section.dataset.attendanceUrl, {
          credentials: "same-origin", headers: { Accept: "application/json" }, cache: "no-store" });
        if (!response.ok) throw new Error(String(response.status));
        render(section, await response.json());
        section.querySelector(".stale").hidden = true;
        section.dataset.updated = String(Date.now());
      } catch (error) {
        section.querySelector(".stale").hidden = false;
      }
      timer = setTimeout(refresh, POLL_MS);
    }
    refresh();
    return { refresh };
  }

  const section = document.querySelector(".live-counts[data-attendance-url]");
  window.showcaseAttendance = section ? start(section) : { refresh() {} };
})();
