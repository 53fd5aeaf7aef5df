// The console's only script, written by hand (no build step). Pages work without it; with it, times stay relative and the
// regions marked data-live refresh in place every few seconds, keeping focus, scroll and open <details> as they were.
(() => {
  "use strict";
  const units = [["day", 86400], ["h", 3600], ["min", 60], ["s", 1]];

  function span(seconds) {
    for (const [unit, size] of units) {
      if (seconds >= size || unit === "s") {
        const count = Math.floor(seconds / size);
        return unit === "day" ? `${count} day${count === 1 ? "" : "s"}` : `${count} ${unit}`;
      }
    }
    return "";
  }

  function tick() {
    const now = Date.now();
    for (const time of document.querySelectorAll("time[data-relative]")) {
      const seconds = Math.round((now - Date.parse(time.dateTime)) / 1000);
      time.textContent = seconds >= 0 ? `${span(seconds)} ago` : `in ${span(-seconds)}`;
    }
    for (const time of document.querySelectorAll("time[data-countdown]")) {
      const seconds = Math.round((Date.parse(time.dateTime) - now) / 1000);
      time.textContent = seconds > 0 ? `expires in ${span(seconds)}` : "expired";
    }
  }

  async function refresh() {
    const regions = document.querySelectorAll("[data-live][id]");
    if (regions.length === 0 || document.visibilityState !== "visible") return;
    let response;
    try {
      response = await fetch(location.href, { headers: { "X-Console-Live": "1" }, credentials: "same-origin", redirect: "manual" });
    } catch {
      return;
    }
    if (!response.ok) return;
    const fresh = new DOMParser().parseFromString(await response.text(), "text/html");
    for (const region of regions) {
      const next = fresh.getElementById(region.id);
      if (!next || region.contains(document.activeElement) || next.innerHTML === region.innerHTML) continue;
      const open = new Set([...region.querySelectorAll("details[open][data-key]")].map(d => d.dataset.key));
      region.innerHTML = next.innerHTML;
      for (const details of region.querySelectorAll("details[data-key]")) details.open = open.has(details.dataset.key);
    }
    tick();
  }

  document.addEventListener("DOMContentLoaded", () => {
    tick();
    setInterval(tick, 1000);
    setInterval(refresh, 3000);
  });
})();
