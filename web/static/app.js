// The few things the pages do without a reload. Served as a file: the CSP allows no inline script.
"use strict";

const POLL_MS = 3000;

// A region with data-live="URL" asks URL?v=VERSION every few seconds and swaps in the new HTML
// the server rendered (and escaped) when anything changed.
function keepLive(region) {
  const poll = async () => {
    try {
      const url = new URL(region.dataset.live, location.href);
      url.searchParams.set("v", region.dataset.version);
      const response = await fetch(url, {headers: {"Accept": "application/json"}, credentials: "same-origin"});
      if (response.status === 401) { location.reload(); return; }   // the session ended: show the login
      if (response.ok) {
        const update = await response.json();
        if (update.html !== null) {
          region.innerHTML = update.html;
        }
        region.dataset.version = update.version;
      }
    } catch (error) {
      // The server is restarting or the network dropped: try again at the next tick.
    }
    setTimeout(poll, POLL_MS);
  };
  setTimeout(poll, POLL_MS);
}

// Ask the server (which uses the same code as the modem) what a text costs, as the person types.
function debounce(fn, ms) {
  let timer;
  return (...args) => { clearTimeout(timer); timer = setTimeout(() => fn(...args), ms); };
}

async function fetchJson(base, params) {
  const url = new URL(base, location.href);
  for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
  const response = await fetch(url, {credentials: "same-origin"});
  return response.ok ? response.json() : null;
}

function describeParts(info) {
  const parts = info.parts === 1 ? "1 text" : `${info.parts} texts`;
  return `${info.characters} characters · ${parts} · ${info.encoding}`;
}

function counter(box) {
  const out = document.getElementById(box.dataset.counter);
  const update = debounce(async () => {
    const info = await fetchJson(box.dataset.counterUrl, {text: box.value});
    if (info) out.textContent = box.value ? describeParts(info) : "";
  }, 200);
  box.addEventListener("input", update);
}

function preview(box) {
  const out = document.getElementById(box.dataset.preview);
  const text = out.querySelector(".preview-text");
  const count = out.querySelector(".preview-count");
  const update = debounce(async () => {
    const result = await fetchJson(box.dataset.previewUrl, {template: box.value});
    if (!result) return;
    text.textContent = result.error ? `Problem: ${result.error}` : result.text;
    text.classList.toggle("error", Boolean(result.error));
    count.textContent = result.error ? "" : describeParts(result);
  }, 200);
  box.addEventListener("input", update);
  update();
}

document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("[data-live]").forEach(keepLive);
  document.querySelectorAll("[data-counter]").forEach(counter);
  document.querySelectorAll("[data-preview]").forEach(preview);
});
