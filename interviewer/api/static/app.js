// The web page uses only the public HTTP API (see /docs); no build step, no framework.
"use strict";
const $ = (id) => document.getElementById(id);
const ROUNDS = ["coding-ml", "ml-system-design", "ml-breadth", "ml-domain-nlp", "ml-domain-ranking",
                "ml-infra", "project-deep-dive", "behavioral"];
let token = localStorage.getItem("interviewer-token") || "";
let sessionId = null;

function showError(message) { const e = $("error"); e.textContent = message; e.hidden = !message; }

async function api(path, options = {}) {
  const response = await fetch(path, {
    ...options,
    headers: { "Authorization": `Bearer ${token}`, "Content-Type": "application/json", ...(options.headers || {}) },
  });
  if (!response.ok) {
    let detail = response.statusText;
    try { const p = await response.json(); detail = p.detail || p.title || detail; } catch (_) { /* not JSON */ }
    throw new Error(`${response.status}: ${detail}`);
  }
  return response;
}

function say(speaker, text) {
  const div = document.createElement("div");
  div.className = `msg ${speaker}`;
  div.textContent = text;
  $("log").appendChild(div);
  div.scrollIntoView({ block: "end" });
  return div;
}

async function checkToken() {
  if (!token) return;
  try {
    await api("/v1/sessions?limit=1");
    $("auth-status").textContent = "Token accepted.";
    $("setup").hidden = false;
    await showProgress();
  } catch (err) {
    $("auth-status").textContent = `Token rejected (${err.message}).`;
  }
}

async function start() {
  showError("");
  const rounds = [...document.querySelectorAll("#rounds input:checked")].map((i) => i.value);
  const body = { rounds, level: $("level").value, count: Number($("count").value) };
  const topic = $("topic").value.trim();
  if (topic) body.topic = topic;
  const session = await (await api("/v1/sessions", { method: "POST", body: JSON.stringify(body) })).json();
  sessionId = session.id;
  $("log").innerHTML = "";
  $("report").hidden = true;
  $("chat").hidden = false;
  say("interviewer", session.prompt);
  $("answer").focus();
}

async function streamAnswer(text) {
  // Server-Sent Events over a POST: read the stream and append chunks as they arrive.
  const response = await api(`/v1/sessions/${sessionId}/answers`, {
    method: "POST", body: JSON.stringify({ text }), headers: { "Accept": "text/event-stream" },
  });
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  const bubble = say("interviewer", "");
  let buffer = "", done = null;
  for (;;) {
    const { value, done: finished } = await reader.read();
    if (finished) break;
    buffer += decoder.decode(value, { stream: true });
    let cut;
    while ((cut = buffer.indexOf("\n\n")) >= 0) {
      const block = buffer.slice(0, cut); buffer = buffer.slice(cut + 2);
      const event = /event: (\w+)/.exec(block)?.[1];
      const data = JSON.parse(/data: (.*)/.exec(block)?.[1] || "{}");
      if (event === "chunk") bubble.textContent += data.text;
      if (event === "done") done = data;
    }
  }
  bubble.textContent = bubble.textContent.trim();
  return done;
}

async function send(event) {
  event.preventDefault();
  const text = $("answer").value.trim();
  if (!text) { showError("Type an answer first, or skip the question."); return; }
  showError("");
  $("send").disabled = true;
  say("candidate", text);
  $("answer").value = "";
  try {
    const done = await streamAnswer(text);
    if (done && done.finished) await finish();
  } catch (err) { showError(err.message); } finally { $("send").disabled = false; }
}

async function skip() {
  const reply = await (await api(`/v1/sessions/${sessionId}/skip`, { method: "POST" })).json();
  say("interviewer", reply.reply);
  if (reply.finished) await finish();
}

function escape(text) { const d = document.createElement("div"); d.textContent = text; return d.innerHTML; }

async function finish() {
  $("chat").hidden = true;
  const report = await (await api(`/v1/sessions/${sessionId}/report`)).json();
  const parts = [`<h2>Report · overall <span class="score" id="overall">${report.overall.toFixed(1)}</span> / 5</h2>`];
  for (const s of report.hire_signals) {
    parts.push(`<p class="signal"><strong>${escape(s.round)}: ${escape(s.signal)}</strong> <small>${escape(s.reasons.join(" "))}</small></p>`);
  }
  for (const q of report.questions) {
    parts.push(`<div class="question"><h3>${escape(q.question_id)} <small>${escape(q.round)} · ${escape(q.topic)}</small>
      — <span class="score">${q.score.toFixed(1)}</span> / 5</h3><ul>`);
    for (const p of q.covered) {
      parts.push(`<li class="covered">✔ ${escape(p.text)}${p.evidence ? `<blockquote>“${escape(p.evidence.quote)}”</blockquote>` : ""}</li>`);
    }
    for (const p of q.missing) parts.push(`<li class="missing">✘ ${escape(p.text)}</li>`);
    for (const f of q.red_flags) parts.push(`<li class="missing">⚠ ${escape(f.text)}</li>`);
    for (const n of q.notes) parts.push(`<li class="note">${escape(n)}</li>`);
    parts.push(`</ul><details><summary>Exemplar answer</summary><p>${escape(q.exemplar)}</p></details></div>`);
  }
  $("report").innerHTML = parts.join("");
  $("report").hidden = false;
  await showProgress();
}

async function showProgress() {
  const history = await (await api("/v1/progress/history")).json();
  if (!history.length) { $("progress").hidden = true; return; }
  const topics = [...new Set(history.map((h) => h.topic))];
  const rowH = 26, width = 560, left = 190, maxN = Math.max(...topics.map((t) => history.filter((h) => h.topic === t).length));
  const step = maxN > 1 ? (width - left - 20) / (maxN - 1) : 0;
  let svg = `<svg width="${width}" height="${topics.length * rowH + 10}" role="img" aria-label="score per topic over time">`;
  topics.forEach((topic, i) => {
    const y0 = i * rowH + 20;
    const points = history.filter((h) => h.topic === topic)
      .map((h, j) => [left + j * step, y0 - (h.score / 5) * (rowH - 8)]);
    svg += `<text x="0" y="${y0}">${escape(topic)}</text>`;
    svg += `<polyline fill="none" stroke="#2563eb" stroke-width="2" points="${points.map((p) => p.join(",")).join(" ")}"/>`;
    for (const [x, y] of points) svg += `<circle cx="${x}" cy="${y}" r="3" fill="#2563eb"/>`;
  });
  $("chart").innerHTML = svg + "</svg>";
  $("progress").hidden = false;
}

for (const r of ROUNDS) {
  const label = document.createElement("label");
  label.innerHTML = `<input type="checkbox" value="${r}"> ${r}`;
  $("rounds").appendChild(label);
}
$("token").value = token;
$("save-token").addEventListener("click", async () => {
  token = $("token").value.trim(); localStorage.setItem("interviewer-token", token); await checkToken();
});
$("start").addEventListener("click", () => start().catch((e) => showError(e.message)));
$("answer-form").addEventListener("submit", send);
$("answer").addEventListener("keydown", (e) => { if (e.key === "Enter" && e.ctrlKey) send(e); });
$("skip").addEventListener("click", () => skip().catch((e) => showError(e.message)));
checkToken();
