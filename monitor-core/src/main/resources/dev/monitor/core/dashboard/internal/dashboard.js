"use strict";
const body = document.getElementById("metrics");
const alarmBody = document.getElementById("alarms");
const status = document.getElementById("status");
const filter = document.getElementById("filter");
let latest = [];

function format(value) {
  if (!Number.isFinite(value)) return "";
  const magnitude = Math.abs(value);
  if (magnitude !== 0 && (magnitude >= 1e6 || magnitude < 1e-3)) return value.toExponential(2);
  return Number.isInteger(value) ? String(value) : value.toFixed(magnitude < 10 ? 3 : 1);
}

// Every metric gets one: a line through its recent values of the statistic it is described by
// (Sum for counters and gauges, Average for timers and distributions); one value is a level line.
function sparkline(points, statistic) {
  const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
  svg.setAttribute("width", "160");
  svg.setAttribute("height", "28");
  svg.dataset.statistic = statistic;
  const title = document.createElementNS("http://www.w3.org/2000/svg", "title");
  title.textContent = "Recent values of " + statistic;
  svg.appendChild(title);
  let values = points.map(p => statistic === "Sum" ? p.sum : p.average).filter(Number.isFinite);
  if (values.length === 0) return svg;
  if (values.length === 1) values = [values[0], values[0]];
  const min = Math.min(...values), max = Math.max(...values), span = (max - min) || 1;
  const line = document.createElementNS("http://www.w3.org/2000/svg", "polyline");
  line.setAttribute("points", values.map((v, i) =>
    (i * 158 / (values.length - 1) + 1).toFixed(1) + "," + (26 - (v - min) * 24 / span).toFixed(1)).join(" "));
  svg.appendChild(line);
  return svg;
}

function cell(row, text, className) {
  const td = row.insertCell();
  td.textContent = text;
  if (className) td.className = className;
  return td;
}

function render() {
  const wanted = filter.value.toLowerCase();
  body.replaceChildren();
  for (const m of latest) {
    const dims = Object.entries(m.dimensions).map(([k, v]) => k + "=" + v).join(", ");
    if (wanted && !(m.namespace + " " + m.name + " " + dims).toLowerCase().includes(wanted)) continue;
    const row = body.insertRow();
    row.dataset.metric = m.namespace + "/" + m.name + (dims ? "{" + dims + "}" : "");
    cell(row, m.namespace, "ns");
    cell(row, m.name);
    cell(row, dims, "dims");
    cell(row, m.unit);
    row.dataset.statistic = m.statistic;
    const single = m.statistic === "Sum";
    cell(row, format(m.latest.sampleCount), "num");
    cell(row, format(m.latest.sum), "num sum");
    // One value per period: Average, Minimum, Maximum and p99 would all repeat the Sum.
    cell(row, single ? "" : format(m.latest.average), "num average");
    cell(row, single ? "" : format(m.latest.minimum), "num");
    cell(row, single ? "" : format(m.latest.maximum), "num");
    cell(row, !single && m.latest.sampleCount > 1 ? format(m.latest.p99) : "", "num");
    row.insertCell().appendChild(sparkline(m.points, m.statistic));
  }
}

function renderAlarms(alarms) {
  alarmBody.replaceChildren();
  for (const a of alarms) {
    const row = alarmBody.insertRow();
    row.dataset.alarm = a.AlarmName;
    row.dataset.state = a.StateValue;
    cell(row, a.AlarmName);
    cell(row, a.StateValue, "state " + a.StateValue);
    cell(row, new Date(a.StateUpdatedTimestamp).toLocaleTimeString());
    cell(row, a.StateReason, "reason");
  }
  if (alarms.length === 0) cell(alarmBody.insertRow(), "No alarms are defined.");
}

async function refresh() {
  try {
    const response = await fetch("api/metrics", { cache: "no-store" });
    if (!response.ok) throw new Error("HTTP " + response.status);
    latest = (await response.json()).metrics;
    const alarmResponse = await fetch("api/alarms", { cache: "no-store" });
    if (!alarmResponse.ok) throw new Error("HTTP " + alarmResponse.status);
    renderAlarms((await alarmResponse.json()).Alarms);
    status.textContent = latest.length + " metrics, updated " + new Date().toLocaleTimeString();
    render();
  } catch (e) {
    status.textContent = "Cannot reach the monitor: " + e.message;
  }
}

filter.addEventListener("input", render);
refresh();
setInterval(refresh, 5000);
