// AkkaBackup dashboard: live transfers over Server-Sent Events, and an operator's actions. Only textContent is set
// from the data (no HTML from the wire), and the CSP allows no inline script, so this file is the page's only code.
"use strict";

function size(bytes) {
  if (bytes >= 1073741824) return (bytes / 1073741824).toFixed(2) + " GiB";
  if (bytes >= 1048576) return (bytes / 1048576).toFixed(1) + " MiB";
  if (bytes >= 1024) return Math.round(bytes / 1024) + " KiB";
  return bytes + " B";
}

function cell(row, text, className) {
  const td = document.createElement("td");
  td.textContent = text;
  if (className) td.className = className;
  row.appendChild(td);
  return td;
}

function showTransfers(body, transfers) {
  const rows = transfers.map(t => {
    const row = document.createElement("tr");
    row.dataset.transfer = t.transferId;
    cell(row, t.transferId);
    cell(row, t.clientId);
    cell(row, t.server + "/" + t.instance);
    cell(row, size(t.bytesReceived), "received").dataset.bytes = String(t.bytesReceived);
    cell(row, String(t.chunksReceived));
    cell(row, size(t.announcedBytes));
    const bar = document.createElement("progress");
    bar.max = Math.max(t.announcedBytes, 1);
    bar.value = t.bytesReceived;
    cell(row, "").appendChild(bar);
    cell(row, size(Math.round(t.bytesPerSecond)) + "/s");
    return row;
  });
  body.replaceChildren(...rows);
}

function showWaiting(body, waiting) {
  body.replaceChildren(...waiting.map(w => {
    const row = document.createElement("tr");
    cell(row, String(w.position));
    cell(row, w.clientId);
    cell(row, w.ticket);
    return row;
  }));
}

// An operator's button: POST with the session's anti-forgery token (from the page's meta tag), the answer said beside it.
async function act(button) {
  const status = button.parentElement.querySelector(".action-status");
  if (button.dataset.confirm && !window.confirm(button.dataset.confirm)) return;
  const token = document.querySelector('meta[name="abk-csrf"]').content;
  button.disabled = true;
  status.textContent = "…";
  try {
    const response = await fetch(button.dataset.action, { method: "POST", headers: { "X-ABK-CSRF": token }, credentials: "same-origin" });
    const body = await response.json();
    status.textContent = response.ok ? body.message : "refused: " + body.error;
    status.className = "action-status " + (response.ok ? "done" : "refused");
  } catch (e) {
    status.textContent = "failed: " + e.message;
    status.className = "action-status refused";
  } finally {
    button.disabled = false;
  }
}

document.addEventListener("DOMContentLoaded", () => {
  for (const button of document.querySelectorAll("button.action")) {
    button.addEventListener("click", () => act(button));
  }
  const transfers = document.querySelector("#transfers tbody");
  if (!transfers) return;
  const waiting = document.querySelector("#waiting tbody");
  const live = document.getElementById("live");
  const events = new EventSource("/api/transfers/events");
  events.onmessage = e => {
    const status = JSON.parse(e.data);
    showTransfers(transfers, status.transfers);
    showWaiting(waiting, status.waiting);
    live.textContent = "Updated " + new Date().toLocaleTimeString();
    live.classList.remove("stale");
  };
  events.onerror = () => {
    live.textContent = "Connection lost; retrying…";
    live.classList.add("stale");
  };
});
