// The operator console: everything it shows comes from the OPS endpoints of the public API, refreshed every few
// seconds; the lag chart is sampled here, in the browser, from GET /api/ops/processors.
import uPlot from '/webjars/uplot/1.6.30/dist/uPlot.esm.js';
import { api, h, money, mountSignIn, say, session, syncChildren, time } from './api.js';

const REFRESH_MS = 2000;
const CHART_MINUTES = 10;
const COLOURS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#17becf', '#8c564b', '#e377c2', '#7f7f7f',
  '#bcbd22'];
const $ = (id) => document.getElementById(id);

let timer = null;
let lag = { names: [], times: [], series: [], chart: null };

mountSignIn({
  title: 'Operator sign-in',
  hint: ['The console needs the ', h('code', {}, 'OPS'), ' role (locally: ', h('code', {}, 'ops'), ' / ',
    h('code', {}, 'ops-secret'), ').'],
}, async (user) => {
  clearTimeout(timer);
  $('console').hidden = true;
  $('not-ops').hidden = true;
  if (!user) {
    return;
  }
  try {
    await api('/api/ops/intake');
  } catch (failure) {
    $('not-ops').hidden = failure.status !== 403;
    return;
  }
  $('console').hidden = false;
  refresh();
});

async function refresh() {
  clearTimeout(timer);
  const reads = [
    api('/api/ops/processors').then(showProcessors),
    api('/api/monitor?violations=20').then(showMonitor),
    api('/api/ops/intake').then(showIntake),
    api('/api/ops/payments/attention?limit=50').then(showAttention),
    api('/api/ops/dashboard?windowMinutes=60&stuckAfterMinutes=60').then(showDashboard),
    api('/api/ops/dead-letters').then(showDeadLetters),
  ];
  const failed = (await Promise.allSettled(reads)).find((read) => read.status === 'rejected');
  if (failed?.reason?.status === 401 || failed?.reason?.status === 403) {
    session.forget();
    window.location.reload();
    return;
  }
  timer = setTimeout(refresh, REFRESH_MS);
}

/** Runs an operator's action, says how it went, and refreshes at once. */
async function act(label, call) {
  try {
    await call();
    toast(`${label}: done`);
  } catch (failure) {
    toast(`${label}: ${failure.message}`, true);
  }
  refresh();
}

function toast(text, isError = false) {
  say($('ops-message'), text, isError);
}

function showProcessors(processors) {
  syncChildren($('processors'), processors, (processor) => processor.name, (processor) => h('tr', {},
    h('td', { class: 'name' }, processor.name), h('td', { class: 'state' }), h('td', { class: 'num position' }),
    h('td', { class: 'num lag' }), h('td', { class: 'num lag-seconds' }), h('td', { class: 'num dead' }),
    h('td', { class: 'action' }, h('button', {
      type: 'button', class: 'secondary replay',
      onclick: () => act(`Replay ${processor.name}`, () => api(
        `/api/ops/processors/${encodeURIComponent(processor.name)}/replay`, { method: 'POST' })),
    }, 'Replay'))), (row, processor) => {
    row.dataset.processor = processor.name;
    const state = row.querySelector('.state');
    state.textContent = processor.error ? `error: ${processor.errorMessage || ''}` : processor.running ? 'running' : 'stopped';
    state.className = `state ${processor.error ? 'bad' : processor.running ? 'good' : 'warn'}`;
    row.querySelector('.position').textContent = processor.position;
    row.querySelector('.lag').textContent = processor.lagEvents;
    row.querySelector('.lag-seconds').textContent = processor.lagSeconds;
    // A processor without a dead-letter queue answers -1.
    row.querySelector('.dead').textContent = processor.deadLetters < 0 ? '–' : processor.deadLetters;
  });
  sampleLag(processors);
}

/** Adds one sample per processor to the chart, keeping the last minutes only. */
function sampleLag(processors) {
  const names = processors.map((processor) => processor.name);
  if (names.join() !== lag.names.join()) {
    lag.chart?.destroy();
    lag = { names, times: [], series: names.map(() => []), chart: null };
  }
  const now = Date.now() / 1000;
  lag.times.push(now);
  processors.forEach((processor, index) => lag.series[index].push(processor.lagEvents));
  while (lag.times.length && lag.times[0] < now - CHART_MINUTES * 60) {
    lag.times.shift();
    lag.series.forEach((values) => values.shift());
  }
  const container = $('lag-chart');
  container.dataset.samples = lag.times.length;
  const width = Math.max(container.clientWidth, 300);
  if (!lag.chart) {
    lag.chart = new uPlot({
      width,
      height: 200,
      title: `Lag in events, last ${CHART_MINUTES} minutes`,
      scales: {
        x: { time: true, range: () => [Date.now() / 1000 - CHART_MINUTES * 60, Date.now() / 1000] },
        y: { range: (chart, min, max) => [0, Math.max(5, max)] },
      },
      legend: { live: false },
      axes: [{
        space: 90,
        values: (chart, ticks) => ticks.map((tick) => new Date(tick * 1000)
          .toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })),
      }, { label: 'events' }],
      series: [{}, ...names.map((name, index) => ({ label: name, stroke: COLOURS[index % COLOURS.length], width: 2 }))],
    }, [lag.times, ...lag.series], container);
  } else {
    lag.chart.setData([lag.times, ...lag.series]);
    if (Math.abs(lag.chart.width - width) > 1) {
      lag.chart.setSize({ width, height: 200 });
    }
  }
}

function showMonitor(monitor) {
  const badge = $('monitor-status');
  badge.dataset.status = monitor.status;
  badge.textContent = monitor.status;
  badge.className = `badge ${monitor.status === 'OK' ? 'good' : monitor.status === 'VIOLATED' ? 'bad' : 'warn'}`;
  $('monitor-facts').textContent = `${monitor.eventsChecked} events checked, lag ${monitor.lag}, `
    + `${monitor.violationCount} violation${monitor.violationCount === 1 ? '' : 's'}`;
  $('violations').replaceChildren(...monitor.violations.map((violation) => h('li', { class: 'bad' },
    h('strong', {}, violation.invariant), ` on ${violation.aggregateId} at event ${violation.globalIndex}: `,
    violation.detail, h('span', { class: 'facts' }, ` (${time(violation.detectedAt)})`))));
  $('overdue').replaceChildren(...(monitor.overdue || []).map((order) => h('li', { class: 'warn' },
    `Order ${order.orderId} overstays ${order.phase} since ${time(order.since)}`)));
}

function showIntake(intake) {
  const state = $('intake-state');
  state.dataset.accepting = String(intake.accepting);
  state.textContent = intake.accepting ? 'accepting' : 'paused';
  state.className = `badge ${intake.accepting ? 'good' : 'bad'}`;
  const facts = [`provider circuit ${intake.providerCircuit}`];
  if (!intake.accepting) {
    facts.push(intake.manuallyPaused ? `paused by ${intake.pausedBy}` : 'paused by the circuit breaker');
    if (intake.reason) {
      facts.push(intake.reason);
    }
  }
  $('intake-facts').textContent = facts.join(' · ');
  $('pause').disabled = !intake.accepting;
  $('resume').disabled = intake.accepting;
}

$('pause').addEventListener('click', () => act('Pause intake', () => api('/api/ops/intake/pause', {
  method: 'POST', body: { operator: session.user, reason: $('intake-reason').value || 'paused from the console' },
})));
$('resume').addEventListener('click', () => act('Resume intake', () => api('/api/ops/intake/resume', {
  method: 'POST', body: { operator: session.user },
})));

function showAttention(items) {
  $('attention-empty').hidden = items.length > 0;
  syncChildren($('attention'), items, (item) => item.payment.paymentId, (item) => {
    const resolution = h('select', { class: 'resolution', 'aria-label': 'Resolution' },
      h('option', { value: 'NOT_CHARGED' }, 'Not charged'), h('option', { value: 'CAPTURED' }, 'Captured'));
    const note = h('input', { class: 'note', placeholder: 'What you checked', 'aria-label': 'Note', required: true });
    const row = h('tr', {}, h('td', { class: 'id' }), h('td', { class: 'id order' }), h('td', { class: 'num amount' }),
      h('td', { class: 'reason' }), h('td', { class: 'action' }, h('div', { class: 'inline' }, resolution, note,
        h('button', {
          type: 'button', class: 'resolve',
          onclick: () => act(`Resolve ${item.payment.paymentId}`, () => api(
            `/api/ops/payments/${item.payment.paymentId}/resolution`, {
              method: 'POST', body: { operator: session.user, resolution: resolution.value, note: note.value },
            })),
        }, 'Resolve'))));
    return row;
  }, (row, item) => {
    row.dataset.paymentId = item.payment.paymentId;
    row.cells[0].textContent = item.payment.paymentId;
    row.cells[0].title = item.payment.paymentId;
    row.cells[1].textContent = item.payment.orderId;
    row.cells[1].title = item.payment.orderId;
    row.cells[2].textContent = money(item.payment.amount, item.payment.currency);
    row.cells[3].replaceChildren(item.payment.reason || '', h('details', {}, h('summary', {}, 'history'),
      h('ol', { class: 'compact' }, item.history.map((entry) => h('li', {},
        `${time(entry.at)} ${entry.event}${entry.detail ? `: ${entry.detail}` : ''}`)))));
  });
}

function showDashboard(dashboard) {
  const perStatus = Object.entries(dashboard.readModels.ordersPerStatus);
  syncChildren($('orders-per-status'), perStatus, ([status]) => status,
    () => h('tr', {}, h('th', {}), h('td', { class: 'num' })), (row, [status, count]) => {
      row.cells[0].textContent = status;
      row.cells[1].textContent = count;
    });
  const stuck = dashboard.readModels.stuckOrders;
  $('stuck-empty').hidden = stuck.length > 0;
  $('stuck-table').hidden = stuck.length === 0;
  syncChildren($('stuck-orders'), stuck, (order) => order.orderId,
    () => h('tr', {}, h('td', { class: 'id' }), h('td', {}), h('td', {})), (row, order) => {
      row.cells[0].textContent = order.orderId;
      row.cells[0].title = order.orderId;
      row.cells[1].textContent = order.status;
      row.cells[2].textContent = time(order.updatedAt);
    });
}

function showDeadLetters(groups) {
  const parked = Object.entries(groups).filter(([, letters]) => letters.length > 0);
  $('dead-letters-empty').hidden = parked.length > 0;
  syncChildren($('dead-letters'), parked, ([group]) => group, ([group]) => h('li', { 'data-group': group },
    h('div', { class: 'inline' }, h('strong', {}, group), h('span', { class: 'facts count' }),
      h('button', { type: 'button', onclick: () => act(`Retry ${group}`, () => api(
        `/api/ops/dead-letters/${encodeURIComponent(group)}/retry`, { method: 'POST' })) }, 'Retry'),
      h('button', { type: 'button', class: 'secondary', onclick: () => act(`Evict ${group}`, () => api(
        `/api/ops/dead-letters/${encodeURIComponent(group)}/evict`, { method: 'POST' })) }, 'Evict')),
    h('ul', { class: 'compact letters' })), (item, [, letters]) => {
    item.querySelector('.count').textContent = `${letters.length} parked`;
    item.querySelector('.letters').replaceChildren(...letters.map((letter) => h('li', {},
      `${letter.eventType} (sequence ${letter.sequence}, since ${time(letter.enqueuedAt)}): ${letter.cause}`)));
  });
}
