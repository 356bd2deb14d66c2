import { createHash } from 'node:crypto';

// GET /supervisor: one static page, no framework. It opens the supervisor websocket, keeps every call it
// hears of under its current status, and shows each change as it arrives (newest first). The page
// starts empty: it shows the changes made while it is open, nothing from before.
// The page lives in a .ts file rather than a .html one so that serverless-esbuild bundles it without a
// loader. Script and style are inline and allowed by their hashes in the Content-Security-Policy.
// Stable data attributes for tests: [data-connection][data-state], [data-status-count=STATUS],
// [data-status-group=STATUS] li[data-call-id][data-status], [data-feed] li[data-feed-item].

export interface SupervisorPageOptions {
  /** The websocket to open; otherwise the page takes ?ws=..., else ws://<its host name>:3001. */
  websocketUrl?: string;
}

export interface SupervisorPage {
  html: string;
  contentSecurityPolicy: string;
}

const STATUS_LABELS = [
  ['IN_PROGRESS', 'In progress'],
  ['COMPLETED', 'Completed'],
  ['PROCESSING_AI', 'AI processing'],
  ['ARCHIVED', 'Archived'],
  ['FAILED', 'Failed'],
] as const;

const STYLE = String.raw`
:root {
  --bg: #f4f6fa; --panel: #fff; --ink: #1c2430; --muted: #687385; --line: #e3e7ee;
  --s-IN_PROGRESS: #2563eb; --s-COMPLETED: #0f9d76; --s-PROCESSING_AI: #8b5cf6; --s-ARCHIVED: #6b7280; --s-FAILED: #dc2626;
  font: 14px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: var(--bg);
}
* { box-sizing: border-box; }
body { margin: 0; min-height: 100vh; display: flex; flex-direction: column; }
header { display: flex; align-items: center; justify-content: space-between; padding: 12px 20px; background: #111827; color: #f9fafb; }
h1 { margin: 0; font-size: 18px; font-weight: 600; }
h1 span { color: #9ca3af; font-weight: 400; }
h2 { margin: 0; font-size: 13px; font-weight: 600; text-transform: uppercase; letter-spacing: .04em; }
.conn { display: flex; align-items: center; gap: 8px; font-size: 13px; padding: 4px 10px; border-radius: 999px; background: #1f2937; }
.conn .dot { width: 9px; height: 9px; border-radius: 50%; background: #f59e0b; }
.conn[data-state="live"] .dot { background: #22c55e; box-shadow: 0 0 0 3px rgba(34,197,94,.25); }
.conn[data-state="reconnecting"] .dot { background: #ef4444; }
.summary { display: grid; grid-template-columns: repeat(6, minmax(0, 1fr)); gap: 12px; padding: 16px 20px 0; }
.tile { background: var(--panel); border: 1px solid var(--line); border-top: 4px solid var(--c, #111827); border-radius: 8px; padding: 10px 14px; }
.tile .label { display: block; color: var(--muted); font-size: 12px; }
.tile .count { font-size: 26px; font-weight: 650; font-variant-numeric: tabular-nums; }
main { flex: 1; display: grid; grid-template-columns: minmax(0, 1fr) 400px; gap: 16px; padding: 16px 20px; min-height: 0; }
.board { display: grid; grid-template-columns: repeat(5, minmax(0, 1fr)); gap: 12px; align-items: start; }
.column, .feed { background: var(--panel); border: 1px solid var(--line); border-radius: 8px; display: flex; flex-direction: column; max-height: calc(100vh - 200px); }
.column > h2, .feed > h2 { display: flex; justify-content: space-between; align-items: center; padding: 10px 12px; border-bottom: 1px solid var(--line); color: var(--c, var(--ink)); }
.badge { min-width: 24px; text-align: center; padding: 1px 8px; border-radius: 999px; background: var(--c, #374151); color: #fff; font-size: 12px; font-variant-numeric: tabular-nums; }
ul, ol { list-style: none; margin: 0; padding: 6px; overflow-y: auto; }
.call { display: flex; justify-content: space-between; gap: 8px; padding: 6px 8px; border-radius: 6px; border-left: 3px solid var(--c); background: #fafbfc; margin-bottom: 4px; }
.call .id { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 12.5px; overflow-wrap: anywhere; min-width: 0; }
.call time, .feed time { color: var(--muted); font-size: 12px; font-variant-numeric: tabular-nums; white-space: nowrap; }
.call.fresh, .feed li.fresh { animation: flash 1.2s ease-out; }
@keyframes flash { from { background: #fff7cc; } to { background: #fafbfc; } }
.empty { color: var(--muted); font-style: italic; padding: 6px 8px; }
.column .empty { display: none; }
.column:not(:has(li.call)) .empty { display: block; }
.feed li { display: grid; grid-template-columns: auto 1fr; gap: 2px 10px; padding: 6px 8px; border-bottom: 1px solid var(--line); }
.feed li .what { display: flex; flex-wrap: wrap; align-items: center; gap: 6px; }
.feed li.gap { display: block; color: var(--muted); font-size: 12px; text-align: center; background: #f9fafb; }
.feed b { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-weight: 600; font-size: 12.5px; }
.pill { white-space: nowrap; padding: 1px 7px; border-radius: 999px; font-size: 11px; font-weight: 600; color: #fff; background: var(--c, #9ca3af); }
.pill.none { background: #e5e7eb; color: var(--muted); }
.arrow { color: var(--muted); }
footer { padding: 8px 20px; color: var(--muted); font-size: 12px; border-top: 1px solid var(--line); }
code { font-size: 12px; }
.s-IN_PROGRESS { --c: var(--s-IN_PROGRESS); } .s-COMPLETED { --c: var(--s-COMPLETED); } .s-PROCESSING_AI { --c: var(--s-PROCESSING_AI); }
.s-ARCHIVED { --c: var(--s-ARCHIVED); } .s-FAILED { --c: var(--s-FAILED); }
@media (max-width: 1100px) { main { grid-template-columns: 1fr; } .summary { grid-template-columns: repeat(3, 1fr); } .board { grid-template-columns: repeat(2, minmax(0, 1fr)); } }
`;

// Plain ES2017 for any browser; no template literals (this file is one).
const SCRIPT = String.raw`
(function () {
  'use strict';
  var STATUSES = ['IN_PROGRESS', 'COMPLETED', 'PROCESSING_AI', 'ARCHIVED', 'FAILED'];
  var LABELS = { IN_PROGRESS: 'In progress', COMPLETED: 'Completed', PROCESSING_AI: 'AI processing', ARCHIVED: 'Archived', FAILED: 'Failed' };
  var FEED_LIMIT = 200;
  var SEEN_LIMIT = 5000;
  var MIN_RETRY_MS = 500;
  var MAX_RETRY_MS = 15000;
  var STABLE_MS = 5000;

  var calls = new Map();          // callId -> { status, atMs, row }
  var counts = {};
  var seen = new Set();
  var seenOrder = [];
  var feed = document.querySelector('[data-feed]');
  var conn = document.querySelector('[data-connection]');
  var connLabel = document.querySelector('[data-connection-label]');
  var lastEvent = document.querySelector('[data-last-event]');
  STATUSES.forEach(function (s) { counts[s] = 0; });

  function websocketUrl() {
    var given = new URLSearchParams(location.search).get('ws');
    if (given && /^wss?:\/\//.test(given)) return given;
    var meta = document.querySelector('meta[name="supervisor-websocket-url"]');
    if (meta && meta.content) return meta.content;
    return 'ws://' + (location.hostname || '127.0.0.1') + ':3001';
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function clock(ms) {
    var d = new Date(ms);
    var pad = function (n, w) { return String(n).padStart(w || 2, '0'); };
    return pad(d.getHours()) + ':' + pad(d.getMinutes()) + ':' + pad(d.getSeconds()) + '.' + pad(d.getMilliseconds(), 3);
  }

  function timeEl(iso, ms) {
    var t = el('time', '', clock(ms));
    t.dateTime = iso;
    t.title = iso;
    return t;
  }

  function pill(status) {
    var p = el('span', status ? 'pill s-' + status : 'pill none', status ? LABELS[status] : 'new');
    if (status) p.title = status;
    return p;
  }

  function flash(node) {
    node.classList.remove('fresh');
    void node.offsetWidth;
    node.classList.add('fresh');
  }

  function renderCounts() {
    var total = 0;
    STATUSES.forEach(function (s) {
      total += counts[s];
      document.querySelectorAll('[data-status-count="' + s + '"], [data-column-count="' + s + '"]').forEach(function (n) {
        n.textContent = String(counts[s]);
      });
    });
    document.querySelector('[data-total-count]').textContent = String(total);
    document.title = (counts.IN_PROGRESS ? '(' + counts.IN_PROGRESS + ' live) ' : '') + 'Supervisor';
  }

  function placeCall(msg, atMs) {
    var call = calls.get(msg.callId);
    if (call && call.atMs > atMs) return false;  // a late copy of an older change: keep the newer status
    var row = call ? call.row : el('li', 'call');
    if (call) counts[call.status] -= 1;
    else {
      row.setAttribute('data-call-id', msg.callId);
      row.appendChild(el('span', 'id', msg.callId));
      row.appendChild(el('time'));
      row.firstChild.title = msg.callId;
    }
    row.setAttribute('data-status', msg.to);
    row.className = 'call s-' + msg.to;
    row.replaceChild(timeEl(msg.at, atMs), row.lastChild);
    var list = document.querySelector('[data-call-list="' + msg.to + '"]');
    list.insertBefore(row, list.firstChild);
    flash(row);
    counts[msg.to] += 1;
    calls.set(msg.callId, { status: msg.to, atMs: atMs, row: row });
    return true;
  }

  function addToFeed(node) {
    feed.insertBefore(node, feed.firstChild);
    while (feed.children.length > FEED_LIMIT) feed.removeChild(feed.lastChild);
    document.querySelector('[data-feed-count]').textContent = String(feed.querySelectorAll('[data-feed-item]').length);
  }

  function feedItem(msg, atMs) {
    var li = el('li');
    li.setAttribute('data-feed-item', '');
    li.setAttribute('data-call-id', msg.callId);
    li.setAttribute('data-from', msg.from || '');
    li.setAttribute('data-to', msg.to);
    li.appendChild(timeEl(msg.at, atMs));
    var what = el('span', 'what');
    what.appendChild(el('b', '', msg.callId));
    what.appendChild(pill(msg.from));
    what.appendChild(el('span', 'arrow', '\u2192'));
    what.appendChild(pill(msg.to));
    li.appendChild(what);
    flash(li);
    return li;
  }

  function remember(key) {
    if (seen.has(key)) return false;
    seen.add(key);
    seenOrder.push(key);
    if (seenOrder.length > SEEN_LIMIT) seen.delete(seenOrder.shift());
    return true;
  }

  function apply(msg) {
    if (!msg || msg.type !== 'call.status' || typeof msg.callId !== 'string' || STATUSES.indexOf(msg.to) < 0) return;
    if (msg.from !== null && STATUSES.indexOf(msg.from) < 0) return;
    var atMs = Date.parse(msg.at);
    if (isNaN(atMs)) return;
    // A redelivered batch can repeat a change: show each one once.
    if (!remember(msg.callId + '|' + msg.from + '|' + msg.to + '|' + msg.at)) return;
    addToFeed(feedItem(msg, atMs));
    placeCall(msg, atMs);
    renderCounts();
    lastEvent.textContent = 'last change ' + clock(atMs);
  }

  // Connection, with exponential backoff (0.5 s doubling to 15 s, with jitter) while it keeps failing.
  var url = websocketUrl();
  var attempt = 0;
  var socket = null;
  var retryTimer = null;
  var countdown = null;
  var everOpened = false;
  document.querySelector('[data-websocket-url]').textContent = url;

  function setState(state, label) {
    conn.setAttribute('data-state', state);
    connLabel.textContent = label;
  }

  function connect() {
    clearTimeout(retryTimer);
    clearInterval(countdown);
    retryTimer = null;
    setState('connecting', attempt ? 'Reconnecting\u2026' : 'Connecting\u2026');
    var ws;
    try {
      ws = new WebSocket(url);
    } catch (e) {
      scheduleReconnect();
      return;
    }
    socket = ws;
    var openedAt = 0;
    ws.onopen = function () {
      openedAt = Date.now();
      if (everOpened) {
        var gap = el('li', 'gap', 'Reconnected at ' + clock(openedAt) + ': changes made while disconnected are not shown');
        gap.setAttribute('data-feed-gap', '');
        addToFeed(gap);
      }
      everOpened = true;
      setState('live', 'Live');
    };
    ws.onmessage = function (event) {
      var msg;
      try { msg = JSON.parse(event.data); } catch (e) { return; }
      apply(msg);
    };
    ws.onclose = function () {
      if (socket !== ws) return;
      socket = null;
      if (openedAt && Date.now() - openedAt >= STABLE_MS) attempt = 0;
      scheduleReconnect();
    };
  }

  function scheduleReconnect() {
    var ceiling = Math.min(MAX_RETRY_MS, MIN_RETRY_MS * Math.pow(2, attempt));
    var delay = Math.round(ceiling / 2 + Math.random() * ceiling / 2);
    attempt += 1;
    conn.setAttribute('data-attempt', String(attempt));
    var due = Date.now() + delay;
    var show = function () {
      setState('reconnecting', 'Disconnected, retrying in ' + Math.max(0, Math.ceil((due - Date.now()) / 1000)) + ' s');
    };
    show();
    countdown = setInterval(show, 250);
    retryTimer = setTimeout(connect, delay);
  }

  // Back online, or the tab shown again while waiting: try at once.
  function retryNow() {
    if (retryTimer !== null) connect();
  }
  window.addEventListener('online', retryNow);
  document.addEventListener('visibilitychange', function () { if (!document.hidden) retryNow(); });

  renderCounts();
  connect();
})();
`;

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function statusTiles(): string {
  const tiles = STATUS_LABELS.map(
    ([status, label]) =>
      `<div class="tile s-${status}" data-status-tile="${status}"><span class="label">${label}</span><span class="count" data-status-count="${status}">0</span></div>`,
  );
  return [...tiles, '<div class="tile"><span class="label">All calls</span><span class="count" data-total-count>0</span></div>'].join('\n    ');
}

function statusColumns(): string {
  return STATUS_LABELS.map(
    ([status, label]) =>
      `<div class="column s-${status}" data-status-group="${status}"><h2>${label} <span class="badge" data-column-count="${status}">0</span></h2><ul data-call-list="${status}"><li class="empty">No calls</li></ul></div>`,
  ).join('\n      ');
}

/** The page; build it once per container (it only depends on the options). */
export function renderSupervisorPage(options: SupervisorPageOptions = {}): SupervisorPage {
  const meta = options.websocketUrl
    ? `\n  <meta name="supervisor-websocket-url" content="${escapeHtml(options.websocketUrl)}">`
    : '';
  const html = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">${meta}
  <title>Supervisor</title>
  <style>${STYLE}</style>
</head>
<body>
  <header>
    <h1>Supervisor <span>&middot; live calls</span></h1>
    <div class="conn" data-connection data-state="connecting" role="status" aria-live="polite"><span class="dot"></span><span data-connection-label>Connecting&hellip;</span></div>
  </header>
  <section class="summary" aria-label="Calls by status">
    ${statusTiles()}
  </section>
  <main>
    <section class="board" aria-label="Calls grouped by status">
      ${statusColumns()}
    </section>
    <aside class="feed" aria-label="Status changes, newest first">
      <h2>Live feed <span class="badge" data-feed-count>0</span></h2>
      <ol data-feed></ol>
    </aside>
  </main>
  <footer>Websocket <code data-websocket-url></code> &middot; <span data-last-event>no change yet</span></footer>
  <script>${SCRIPT}</script>
</body>
</html>
`;
  const contentSecurityPolicy = [
    "default-src 'none'",
    `script-src ${sha256(SCRIPT)}`,
    `style-src ${sha256(STYLE)}`,
    'connect-src ws: wss:',
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
  return { html, contentSecurityPolicy };
}
