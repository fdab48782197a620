// StreamRnn operator console: plain JavaScript, no dependencies, nothing fetched from elsewhere.
'use strict';

const state = { info: null, token: sessionStorage.getItem('streamrnn.token'), tick: null, refreshing: false, sensorPages: [] };
const $ = (selector, root = document) => root.querySelector(selector);
const esc = value => String(value ?? '').replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
const fmt = (value, digits = 3) => (typeof value === 'number' && isFinite(value)) ? (Number.isInteger(value) ? String(value) : value.toFixed(digits)) : esc(value ?? '—');
const time = value => value ? new Date(value).toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z') : '—';
const badge = status => `<span class="status status-${esc(status)}">${esc(status)}</span>`;

async function api(path, options = {}) {
  const headers = { 'Accept': 'application/json', ...(options.body ? { 'Content-Type': 'application/json' } : {}) };
  if (state.token) headers['Authorization'] = 'Bearer ' + state.token;
  const response = await fetch(path, { ...options, headers });
  if (response.status === 401) { showLogin('Sign in to continue.'); throw new Error('unauthorised'); }
  const body = await response.json().catch(() => null);
  if (!response.ok) throw new Error((body && body.error) || ('HTTP ' + response.status));
  return body;
}

const post = (path, body) => api(path, { method: 'POST', body: JSON.stringify(body ?? {}) });

function showLogin(message) {
  $('#login').hidden = false;
  $('#view').hidden = true;
  $('#login-error').textContent = message || '';
}

$('#login-form').addEventListener('submit', async event => {
  event.preventDefault();
  state.token = $('#login-token').value.trim();
  sessionStorage.setItem('streamrnn.token', state.token);
  await start();
});

// A dialog that resolves with the fields' values, or null when cancelled.
function ask(title, text, fields = []) {
  const dialog = $('#dialog');
  $('#dialog-title').textContent = title;
  $('#dialog-text').textContent = text;
  $('#dialog-fields').innerHTML = fields.map(f => f.options
    ? `<label>${esc(f.label)}<select name="${esc(f.name)}">${f.options.map(o => `<option value="${esc(o)}">${esc(o || 'any')}</option>`).join('')}</select></label>`
    : `<label>${esc(f.label)}<input name="${esc(f.name)}" value="${esc(f.value ?? '')}" ${f.type ? `type="${esc(f.type)}"` : ''}></label>`).join('');
  return new Promise(resolve => {
    dialog.onclose = () => {
      if (dialog.returnValue !== 'ok') { resolve(null); return; }
      const values = {};
      for (const f of fields) values[f.name] = $(`[name="${f.name}"]`, dialog).value;
      resolve(values);
    };
    dialog.returnValue = '';
    dialog.showModal();
  });
}

// Live updates: server-sent events read through fetch (so the Authorization header goes along).
async function follow() {
  const live = $('#live');
  for (;;) {
    try {
      const headers = state.token ? { 'Authorization': 'Bearer ' + state.token } : {};
      const response = await fetch('/api/events', { headers });
      if (!response.ok) throw new Error('HTTP ' + response.status);
      live.textContent = 'live'; live.className = 'live on';
      const reader = response.body.getReader();
      const decoder = new TextDecoder();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end); buffer = buffer.slice(end + 2);
          const data = block.split('\n').filter(l => l.startsWith('data:')).map(l => l.slice(5).trim()).join('\n');
          if (data) onTick(JSON.parse(data));
        }
      }
    } catch (error) {
      console.warn('live feed', error);
    }
    live.textContent = 'reconnecting'; live.className = 'live off';
    await new Promise(r => setTimeout(r, 2000));
  }
}

function onTick(tick) {
  state.tick = tick;
  document.body.dataset.ticks = String(tick.sequence);
  refresh();
}

async function refresh() {
  if ($('#dialog').open) return;
  if (state.refreshing) { state.pending = true; return; }
  state.refreshing = true;
  try {
    do { state.pending = false; await render(); } while (state.pending);
  } catch (error) {
    if (error.message !== 'unauthorised') console.warn(error);
  } finally {
    state.refreshing = false;
  }
}

function route() {
  const hash = location.hash.replace(/^#\/?/, '') || 'cluster';
  const [view, ...rest] = hash.split('/');
  return { view, arg: rest.length ? decodeURIComponent(rest.join('/')) : null };
}

async function render() {
  const { view, arg } = route();
  document.querySelectorAll('nav a').forEach(a => a.classList.toggle('active', a.dataset.view === (view === 'sensor' ? 'sensors' : view)));
  const target = $('#view');
  const html = await ({ cluster: clusterView, sensors: sensorsView, sensor: () => sensorView(arg), alerts: alertsView, models: modelsView }[view] || clusterView)();
  if (route().view !== view) return;
  const focused = document.activeElement && document.activeElement.id;
  const caret = focused && document.activeElement.selectionStart;
  target.innerHTML = html;
  target.dataset.view = view;
  if (focused && $('#' + focused)) { const el = $('#' + focused); el.focus(); if (caret != null && el.setSelectionRange) el.setSelectionRange(caret, caret); }
  bind(view, arg);
}

async function clusterView() {
  const c = await api('/api/cluster');
  const s = c.thisSilo;
  const reported = c.silos.filter(x => x.figures);
  const total = reported.reduce((sum, x) => sum + x.figures.readingsPerSecond, 0);
  const lagOf = f => f.lag.reduce((sum, p) => sum + p.lag, 0);
  const lag = reported.flatMap(x => x.figures.lag.map(p => `<tr><td>${esc(x.name)}</td><td>${esc(p.partition)}</td><td>${p.lag}</td></tr>`)).join('')
    || '<tr><td colspan="3" class="muted">no partition assigned (or no statistics yet)</td></tr>';
  const figures = x => x.figures
    ? `<td>${fmt(x.figures.readingsPerSecond, 1)}</td><td>${fmt(x.figures.meanBatchSize, 1)}</td><td>v${x.figures.modelVersion}</td><td>${lagOf(x.figures)}</td><td>${x.figures.readingsApplied}</td><td class="muted">${time(x.figures.receivedAt)}</td>`
    : '<td colspan="6" class="muted">no figures reported (yet)</td>';
  return `<h2>Cluster</h2>
    <div class="cards">
      <div class="card">readings/s (cluster)<b id="rate">${fmt(total, 1)}</b><span class="muted">this silo: ${fmt(s.readingsPerSecond, 1)}</span></div>
      <div class="card">mean batch size (this silo)<b>${fmt(s.meanBatchSize, 1)}</b></div>
      <div class="card">model served (this silo)<b>v${s.modelVersion}</b><span class="muted">active in registry: v${c.activeModel} (${esc(c.modelGroup)})</span></div>
      <div class="card">readings applied (this silo)<b>${s.readingsApplied}</b><span class="muted">swaps: ${s.swaps}</span></div>
    </div>
    <h3>Silos</h3>
    <table id="silos"><tr><th>silo</th><th>address</th><th>status</th><th>role</th><th>readings/s</th><th>batch size</th><th>model</th><th>lag</th><th>applied</th><th>reported</th></tr>
    ${c.silos.map(x => `<tr data-silo="${esc(x.name)}" data-reported="${x.figures ? 'yes' : 'no'}"><td>${esc(x.name)}${x.local ? ' <span class="muted">(this one)</span>' : ''}</td><td>${esc(x.address)}</td><td>${esc(x.status)}</td><td>${x.accelerator === 'cuda' ? 'accelerator (cuda)' : 'cpu'}</td>${figures(x)}</tr>`).join('')}</table>
    <h3>Consumer lag per partition</h3>
    <table id="lag"><tr><th>silo</th><th>partition</th><th>lag (messages)</th></tr>${lag}</table>`;
}

async function sensorsView() {
  const q = ($('#sensor-search') && $('#sensor-search').value) || sessionStorage.getItem('streamrnn.q') || '';
  const after = state.sensorPages.at(-1) || '';
  const page = await api('/api/sensors?' + new URLSearchParams({ q, after }));
  const rows = page.sensors;
  return `<h2>Sensors</h2>
    <div class="filters"><input id="sensor-search" placeholder="search sensor id" value="${esc(q)}">
      <span id="sensor-count" class="muted" data-matched="${page.matched}" data-unlisted="${page.unlisted}">${page.matched} listed${q ? ' match' : ''}${page.unlisted ? `; ${page.unlisted} let go by the directory's bound` : ''}</span>
      ${state.sensorPages.length ? '<button id="sensors-first">First page</button>' : ''}${page.next ? `<button id="sensors-next" data-next="${esc(page.next)}">Next page</button>` : ''}</div>
    <table id="sensors"><tr><th>sensor</th><th>status</th><th>last alert</th><th>last seen</th></tr>
    ${rows.map(r => `<tr data-sensor="${esc(r.sensorId)}" data-status="${esc(r.status)}"><td><a href="#/sensor/${encodeURIComponent(r.sensorId)}">${esc(r.sensorId)}</a></td><td>${badge(r.status)}</td>
      <td>${r.lastAlertId ? `<span class="muted">${esc(r.lastAlertId)}</span> ${time(r.lastAlertAt)}` : '—'}</td><td class="muted">${time(r.lastSeen)}</td></tr>`).join('')}
    </table>${rows.length ? '' : '<p class="muted">No sensor found.</p>'}`;
}

async function sensorView(id) {
  const s = await api('/api/sensors/' + encodeURIComponent(id));
  return `<h2>Sensor ${esc(id)} ${badge(s.status)}</h2>
    <div class="cards">
      <div class="card">last value<b>${fmt(s.lastValue)}</b><span class="muted">${time(s.lastTimestamp)}</span></div>
      <div class="card">forecast (next)<b>${fmt(s.forecast && s.forecast[0])}</b></div>
      <div class="card">score<b>${fmt(s.score, 4)}</b></div>
      <div class="card">model<b>v${s.modelVersion}</b><span class="muted">${s.readingsApplied} readings</span></div>
    </div>
    ${chart(s.points, s.alerts)}
    <p class="legend"><span style="color:#1d232b">— value</span><span style="color:#1f6feb">— forecast</span><span style="color:#90caf9">▮ band (forecast ± 2 RMS error)</span><span style="color:#c62828">— score (lower strip)</span><span class="muted">shading: model version per stretch</span></p>
    <h3>Model versions</h3>
    <p>${s.modelSwitches.length ? s.modelSwitches.map(m => `v${m.from} → v${m.to} after ${m.readingsApplied} readings (${time(m.at)})`).join('; ') : `v${s.modelVersion} throughout`}</p>
    <h3>Alerts</h3>${alertTable(s.alerts)}`;
}

// The chart: SVG drawn here. Band = forecast ± 2 × RMS of the recent forecast errors (20 points).
function chart(points, alerts) {
  const W = 1000, H = 320, top = 230, bottom = 300, pad = 40;
  if (!points.length) return `<svg class="chart" id="chart" data-points="0" viewBox="0 0 ${W} ${H}"><text x="20" y="40" fill="#6b7480">Watching: points appear as readings arrive.</text></svg>`;
  const t0 = Date.parse(points[0].timestamp), t1 = Math.max(Date.parse(points[points.length - 1].timestamp), t0 + 1);
  const band = points.map((p, i) => {
    const recent = points.slice(Math.max(0, i - 19), i + 1).filter(q => isFinite(q.value - q.expected));
    const rms = recent.length ? Math.sqrt(recent.reduce((a, q) => a + (q.value - q.expected) ** 2, 0) / recent.length) : 0;
    return [p.expected - 2 * rms, p.expected + 2 * rms];
  });
  const finite = [...points.flatMap(p => [p.value, p.expected]), ...band.flat()].filter(v => isFinite(v));
  let lo = Math.min(...finite), hi = Math.max(...finite);
  if (hi - lo < 1e-9) { lo -= 1; hi += 1; }
  const x = p => pad + (Date.parse(p.timestamp) - t0) / (t1 - t0) * (W - 2 * pad);
  const y = v => 10 + (hi - v) / (hi - lo) * (top - 20);
  const ys = v => bottom - Math.min(Math.max(v, 0), 1) * (bottom - top - 10);
  const line = (f, scale) => points.filter(p => isFinite(f(p))).map((p, i) => `${i ? 'L' : 'M'}${x(p).toFixed(1)},${scale(f(p)).toFixed(1)}`).join('');
  const bandPath = points.map((p, i) => `${i ? 'L' : 'M'}${x(p).toFixed(1)},${y(band[i][1]).toFixed(1)}`).join('')
    + points.map((p, i) => `L${x(p).toFixed(1)},${y(band[i][0]).toFixed(1)}`).reverse().join('') + 'Z';
  const stretches = [];
  points.forEach((p, i) => { if (!i || p.modelVersion !== points[i - 1].modelVersion) stretches.push({ from: p, version: p.modelVersion }); });
  const shades = stretches.map((s, i) => {
    const x0 = x(s.from), x1 = i + 1 < stretches.length ? x(stretches[i + 1].from) : W - pad;
    return `<rect x="${x0}" y="0" width="${Math.max(x1 - x0, 1)}" height="${bottom}" fill="${i % 2 ? '#f3f6fa' : '#ffffff'}"/><text x="${x0 + 4}" y="${H - 4}" fill="#6b7480" font-size="12">v${s.version}</text>`;
  }).join('');
  const marks = (alerts || []).filter(a => Date.parse(a.raised.timestamp) >= t0).map(a => {
    const ax = pad + (Date.parse(a.raised.timestamp) - t0) / (t1 - t0) * (W - 2 * pad);
    return `<line x1="${ax}" x2="${ax}" y1="0" y2="${bottom}" stroke="#c62828" stroke-dasharray="4 3"><title>${esc(a.kind)} ${esc(a.state)}</title></line>`;
  }).join('');
  return `<svg class="chart" id="chart" data-points="${points.length}" viewBox="0 0 ${W} ${H}" preserveAspectRatio="none">
    ${shades}
    <path id="chart-band" d="${bandPath}" fill="#90caf9" fill-opacity="0.45" stroke="none"/>
    <path id="chart-expected" d="${line(p => p.expected, y)}" fill="none" stroke="#1f6feb" stroke-width="1.5"/>
    <path id="chart-value" d="${line(p => p.value, y)}" fill="none" stroke="#1d232b" stroke-width="1.5"/>
    <line x1="${pad}" x2="${W - pad}" y1="${top}" y2="${top}" stroke="#d9dde3"/>
    <path id="chart-score" d="${line(p => p.score, ys)}" fill="none" stroke="#c62828" stroke-width="1.2"/>
    ${marks}
    <text x="4" y="16" font-size="12" fill="#6b7480">${fmt(hi, 2)}</text><text x="4" y="${top - 6}" font-size="12" fill="#6b7480">${fmt(lo, 2)}</text>
    <text x="4" y="${top + 14}" font-size="11" fill="#6b7480">score</text>
  </svg>`;
}

function explain(a) {
  const e = a.raised.explanation;
  if (!e) return '';
  return esc(Object.entries(e).filter(([, v]) => v !== null && typeof v !== 'object').map(([k, v]) => `${k}=${typeof v === 'number' ? fmt(v) : v}`).join(' '));
}

function alertTable(alerts) {
  const operator = state.info && state.info.role === 'operator';
  return `<table id="alerts"><tr><th>raised</th><th>sensor</th><th>kind</th><th>state</th><th>value / expected</th><th>why</th><th>who</th><th></th></tr>
  ${alerts.map(a => `<tr data-alert-id="${esc(a.alertId)}" data-state="${esc(a.state)}">
    <td>${time(a.raised.timestamp)}</td><td><a href="#/sensor/${encodeURIComponent(a.sensorId)}">${esc(a.sensorId)}</a></td><td>${esc(a.kind)}</td><td>${badge(a.state)}</td>
    <td>${fmt(a.raised.value)} / ${fmt(a.raised.expected)}</td><td class="muted">${explain(a)}</td>
    <td class="muted">${[a.acknowledged && 'ack ' + a.acknowledged.by, a.resolved && 'resolved ' + a.resolved.by, a.suppressed && 'suppressed ' + a.suppressed.by].filter(Boolean).map(esc).join(', ')}</td>
    <td>${operator && a.state === 'open' ? `<button class="ack" data-id="${esc(a.alertId)}">Acknowledge</button>` : ''}
        ${operator && a.state !== 'resolved' ? `<button class="resolve" data-id="${esc(a.alertId)}">Resolve</button>` : ''}</td></tr>`).join('')}
  </table>${alerts.length ? '' : '<p class="muted">No alert.</p>'}`;
}

const kinds = ['', 'anomaly', 'stuck', 'dropout', 'spike', 'rateOfChange', 'outOfRange'];
const states = ['', 'open', 'acknowledged', 'resolved', 'suppressed'];

async function alertsView() {
  const f = JSON.parse(sessionStorage.getItem('streamrnn.alertFilter') || '{}');
  const query = new URLSearchParams(Object.entries(f).filter(([, v]) => v));
  const [alerts, suppressions] = await Promise.all([api('/api/alerts?' + query), api('/api/suppressions')]);
  const select = (id, values, value) => `<select id="${id}">${values.map(v => `<option value="${v}" ${v === (value || '') ? 'selected' : ''}>${v || 'any'}</option>`).join('')}</select>`;
  const operator = state.info && state.info.role === 'operator';
  return `<h2>Alerts</h2>
    <div class="filters">state ${select('filter-state', states, f.state)} kind ${select('filter-kind', kinds, f.kind)}
      <input id="filter-sensor" placeholder="sensor id" value="${esc(f.sensor || '')}">
      ${operator ? '<button id="suppress">Suppress…</button>' : ''}</div>
    ${alertTable(alerts)}
    <h3>Suppressions in force</h3>
    <table id="suppressions"><tr><th>sensor</th><th>kind</th><th>until</th><th>by</th><th>why</th><th></th></tr>
    ${suppressions.map(x => `<tr data-sensor="${esc(x.sensorId ?? '')}" data-kind="${esc(x.kind ?? '')}"><td>${esc(x.sensorId ?? 'every sensor')}</td><td>${esc(x.kind ?? 'every kind')}</td>
      <td>${time(x.until)}</td><td>${esc(x.made.by)}</td><td class="muted">${esc(x.made.reason)}</td>
      <td>${operator ? `<button class="lift" data-sensor="${esc(x.sensorId ?? '')}" data-kind="${esc(x.kind ?? '')}">Lift…</button>` : ''}</td></tr>`).join('')}
    </table>${suppressions.length ? '' : '<p class="muted">No suppression in force.</p>'}`;
}

async function modelsView() {
  const m = await api('/api/models');
  const operator = state.info && state.info.role === 'operator';
  return `<h2>Models (group ${esc(m.group)})</h2>
    <p>${operator ? '<button id="rollback">Roll back…</button>' : ''} <span class="muted">fine-tuning: ${esc(JSON.stringify(m.status).slice(0, 200))}</span></p>
    <table id="models"><tr><th>version</th><th>status</th><th>created</th><th>parent</th><th>source</th><th>metrics</th><th>reason</th><th></th></tr>
    ${m.versions.map(v => `<tr data-version="${v.version}" data-status="${esc(v.status)}"><td>v${v.version}</td><td>${badge(v.status)}</td><td>${time(v.created)}</td><td>${v.parentVersion ? 'v' + v.parentVersion : '—'}</td>
      <td>${esc(v.source)}</td><td>${Object.entries(v.metrics || {}).map(([k, x]) => `${esc(k)}=${fmt(x, 4)}`).join(' ')}</td><td class="muted">${esc(v.statusReason || '')}</td>
      <td>${operator && v.status === 'candidate' ? `<button class="promote" data-version="${v.version}">Promote…</button>` : ''}</td></tr>`).join('')}
    </table>`;
}

function bind(view) {
  const act = async (action) => { try { await action(); } catch (error) { alert(error.message); } await refresh(); };
  if (view === 'sensors') {
    const search = $('#sensor-search');
    search.oninput = () => { sessionStorage.setItem('streamrnn.q', search.value); state.sensorPages = []; refresh(); };
    if ($('#sensors-next')) $('#sensors-next').onclick = () => { state.sensorPages.push($('#sensors-next').dataset.next); refresh(); };
    if ($('#sensors-first')) $('#sensors-first').onclick = () => { state.sensorPages = []; refresh(); };
  }
  if (view === 'alerts') {
    const save = () => { sessionStorage.setItem('streamrnn.alertFilter', JSON.stringify({ state: $('#filter-state').value, kind: $('#filter-kind').value, sensor: $('#filter-sensor').value })); refresh(); };
    ['#filter-state', '#filter-kind'].forEach(id => $(id).onchange = save);
    $('#filter-sensor').onchange = save;
    if ($('#suppress')) $('#suppress').onclick = async () => {
      const v = await ask('Suppress alerts', 'Hold back a sensor\'s or a kind\'s alerts: still scored and recorded as suppressed, not published.',
        [{ name: 'sensorId', label: 'sensor (empty: every sensor)' }, { name: 'kind', label: 'kind', options: kinds }, { name: 'minutes', label: 'minutes', value: '30', type: 'number' }, { name: 'reason', label: 'reason' }]);
      if (v) await act(() => post('/api/suppressions', { sensorId: v.sensorId || null, kind: v.kind || null, minutes: Number(v.minutes), reason: v.reason }));
    };
  }
  document.querySelectorAll('button.lift').forEach(b => b.onclick = async () => {
    const target = `${b.dataset.sensor || 'every sensor'}, ${b.dataset.kind || 'every kind'}`;
    const v = await ask('Lift suppression?', `${target}: its alerts are published again from now on.`, [{ name: 'reason', label: 'reason' }]);
    if (v) await act(() => post('/api/suppressions/lift', { sensorId: b.dataset.sensor || null, kind: b.dataset.kind || null, reason: v.reason }));
  });
  if (view === 'models') {
    document.querySelectorAll('button.promote').forEach(b => b.onclick = async () => {
      const v = await ask(`Promote v${b.dataset.version}?`, 'Every silo will serve this version. It goes through the validation gate unless forced.', [{ name: 'force', label: 'skip the held-out comparison', options: ['no', 'yes'] }]);
      if (v) await act(() => post(`/api/models/${b.dataset.version}/promote`, { force: v.force === 'yes' }));
    });
    if ($('#rollback')) $('#rollback').onclick = async () => {
      const v = await ask('Roll back?', 'Every silo will serve the previously active version again; the current one is marked rejected.', [{ name: 'reason', label: 'reason', value: 'operator rollback (console)' }]);
      if (v) await act(() => post('/api/models/rollback', { reason: v.reason }));
    };
  }
  document.querySelectorAll('button.ack, button.resolve').forEach(b => b.onclick = async () => {
    const verb = b.classList.contains('ack') ? 'acknowledge' : 'resolve';
    const v = await ask(`${verb[0].toUpperCase() + verb.slice(1)} alert?`, b.dataset.id, [{ name: 'reason', label: 'reason' }]);
    if (v) await act(() => post(`/api/alerts/${encodeURIComponent(b.dataset.id)}/${verb}`, { reason: v.reason }));
  });
}

async function start() {
  try {
    state.info = await api('/api/info');
  } catch (error) {
    if (error.message !== 'unauthorised') showLogin(error.message);
    return;
  }
  $('#login').hidden = true;
  $('#view').hidden = false;
  $('#who').textContent = `${state.info.user} (${state.info.role})`;
  const banner = $('#mode-banner');
  banner.hidden = !state.info.open;
  banner.textContent = state.info.open ? 'Development mode: the console is open to anyone who reaches this port (no authentication).' : '';
  window.onhashchange = refresh;
  await refresh();
  follow();
}

start();
