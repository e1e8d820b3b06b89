// The booking page: the catalogue, booking a unit (decided asynchronously, shown live), and an order paid with a card
// that the payment provider tokenises in the browser, followed over server-sent events until it ships.
import { api, ApiError, h, money, mountSignIn, say, syncChildren, time } from './api.js';

const STEPS = ['PENDING_RESERVATION', 'PENDING_PAYMENT', 'CONFIRMED', 'PICKING', 'SHIPPED'];
const LABELS = {
  PENDING: 'Placed', PENDING_RESERVATION: 'Reserving', PENDING_PAYMENT: 'Paying', CONFIRMED: 'Confirmed',
  PICKING: 'Picking', SHIPPED: 'Shipped', CANCEL_PENDING: 'Cancelling', CANCELLED: 'Cancelled', REJECTED: 'Rejected',
};
const TERMINAL = new Set(['SHIPPED', 'CANCELLED', 'REJECTED']);
const $ = (id) => document.getElementById(id);

let resources = [];
let followed = null;
/** How long the next reconnect of the live order waits; doubled after each failure, reset by each status. */
let reconnectDelay = 1000;

mountSignIn({
  title: 'Sign in',
  hint: ['Local accounts of the default profile: ', h('code', {}, 'alice'), ' / ', h('code', {}, 'alice-secret'), ', ',
    h('code', {}, 'bob'), ' / ', h('code', {}, 'bob-secret'), ' (customers), ', h('code', {}, 'ops'), ' / ',
    h('code', {}, 'ops-secret'), '.'],
}, (user) => {
  $('shop').hidden = !user;
  if (user) {
    refreshCatalogue();
  }
});

async function refreshCatalogue() {
  const listed = [];
  try {
    let page = { nextCursor: '' };
    do {
      page = await api(`/api/resources?limit=100${page.nextCursor ? `&after=${page.nextCursor}` : ''}`);
      listed.push(...page.items);
    } while (page.nextCursor && listed.length < 500);
  } catch (failure) {
    return;
  }
  resources = listed;
  $('catalogue-empty').hidden = resources.length > 0;
  syncChildren($('catalogue'), resources, (resource) => resource.resourceId, (resource) => h('tr', {},
    h('td', { class: 'name' }), h('td', { class: 'num price' }), h('td', { class: 'num free' }),
    h('td', { class: 'action' }, h('button', { type: 'button', class: 'book', onclick: () => book(resource) },
      'Book a unit'))), (row, resource) => {
    row.dataset.resourceId = resource.resourceId;
    row.querySelector('.name').textContent = resource.name;
    row.querySelector('.price').textContent = money(resource.unitPrice, resource.currency);
    row.querySelector('.free').textContent = `${resource.free} of ${resource.capacity}`;
    row.querySelector('.book').disabled = resource.free < 1;
  });
  const select = $('order-resource');
  const chosen = select.value;
  syncChildren(select, resources.filter((resource) => resource.unitPrice !== null), (resource) => resource.resourceId,
    () => h('option'), (option, resource) => {
      option.value = resource.resourceId;
      option.textContent = `${resource.name} · ${money(resource.unitPrice, resource.currency)}`;
    });
  if (chosen) {
    select.value = chosen;
  }
}

/**
 * Asks for one unit, then waits for the decision with long polls (Prefer: wait): the reservation answers as soon as
 * it is decided, so the page learns the outcome live without a stream of its own.
 */
async function book(resource) {
  const reservationId = crypto.randomUUID();
  const status = h('span', { class: 'booking-status' }, 'Awaiting booking confirmation…');
  const item = h('li', { class: 'booking', 'data-reservation-id': reservationId, 'data-status': 'PENDING' },
    h('span', { class: 'booking-name' }, resource.name), status);
  $('bookings').prepend(item);
  $('bookings-empty').hidden = true;
  try {
    let reservation = await api(`/api/resources/${resource.resourceId}/reservations`,
      { method: 'POST', body: { reservationId, quantity: 1 } });
    while (reservation.status === 'PENDING') {
      reservation = await api(`/api/reservations/${reservationId}`, { headers: { Prefer: 'wait=10' } });
    }
    item.dataset.status = reservation.status;
    status.textContent = reservation.status === 'CONFIRMED' ? 'Confirmed: one unit is yours'
      : `Rejected${reservation.reason ? `: ${reservation.reason}` : ''}`;
  } catch (failure) {
    item.dataset.status = 'FAILED';
    status.textContent = `Not booked: ${failure.message}`;
  }
  status.className = `booking-status ${item.dataset.status.toLowerCase()}`;
  refreshCatalogue();
}

$('order-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const error = $('order-error');
  say(error, '');
  const button = $('place-order');
  button.disabled = true;
  try {
    const resource = resources.find((candidate) => candidate.resourceId === $('order-resource').value);
    if (!resource) {
      throw new Error('choose a resource');
    }
    const paymentToken = await tokenise($('card-number').value);
    $('card-number').value = '';
    const orderId = crypto.randomUUID();
    await api('/api/orders', {
      method: 'POST',
      body: {
        orderId,
        email: $('order-email').value,
        paymentToken,
        lines: [{ resourceId: resource.resourceId, quantity: Number($('order-quantity').value), unitPrice: resource.unitPrice }],
        shipTo: {
          name: $('ship-name').value, street: $('ship-street').value, city: $('ship-city').value,
          postalCode: $('ship-postal').value, country: $('ship-country').value.toUpperCase(),
        },
      },
    });
    follow(orderId);
  } catch (failure) {
    say(error, failure instanceof ApiError && failure.type === 'price-changed'
      ? `The price changed to ${money(failure.problem.currentUnitPrice, failure.problem.currency)}; check and order again.`
      : `Not ordered: ${failure.message}`, true);
    refreshCatalogue();
  } finally {
    button.disabled = false;
  }
});

/** Trades the card for a token at the provider, straight from this browser: the number never reaches Orderly. */
async function tokenise(card) {
  const { cardTokenizationUrl } = await api('/api/checkout');
  const response = await fetch(cardTokenizationUrl, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ card: card.replace(/[\s-]/g, '') }),
  });
  const answer = await response.json().catch(() => ({}));
  if (!response.ok || !answer.token) {
    throw new Error(`the payment provider refused the card (${answer.message || response.status})`);
  }
  return answer.token;
}

/**
 * Shows an order and follows it live: reads it once, then opens its server-sent events with a stream ticket (an
 * EventSource cannot send an Authorization header). The stream ends at a terminal status; if it breaks before, the
 * order is read again and followed with a fresh ticket.
 */
async function follow(orderId) {
  followed?.source?.close();
  const state = { orderId, source: null };
  followed = state;
  $('order').hidden = false;
  say($('order-message'), '');
  let view;
  try {
    view = await api(`/api/orders/${orderId}`);
  } catch (failure) {
    say($('order-message'), failure.message, true);
    return;
  }
  render(view);
  if (TERMINAL.has(view.status) || followed !== state) {
    return;
  }
  try {
    const { ticket } = await api('/api/stream-tickets', { method: 'POST', body: { orderId } });
    state.source = new EventSource(`/api/orders/${orderId}/events?ticket=${encodeURIComponent(ticket)}`);
  } catch (failure) {
    $('order-live').textContent = `Live updates unavailable: ${failure.message}`;
    return;
  }
  $('order-live').textContent = 'Live: the status below follows the order as it moves.';
  let last = view.status;
  state.source.addEventListener('status', (message) => {
    const next = JSON.parse(message.data);
    last = next.status;
    reconnectDelay = 1000;
    render(next);
  });
  state.source.addEventListener('error', () => {
    state.source.close();
    if (followed === state && !TERMINAL.has(last)) {
      // Each reconnect costs a ticket (a command) and a request; after repeated failures (the API down, a rate
      // limit) wait twice as long each time, up to 30 s, rather than hammering it every second.
      $('order-live').textContent = 'Reconnecting…';
      const delay = reconnectDelay;
      reconnectDelay = Math.min(reconnectDelay * 2, 30000);
      setTimeout(() => followed === state && follow(orderId), delay);
    } else if (followed === state) {
      $('order-live').textContent = '';
    }
  });
}

function render(view) {
  $('order-id').textContent = view.orderId;
  $('order-id').title = view.orderId;
  const badge = $('order-status');
  badge.dataset.status = view.status;
  badge.textContent = LABELS[view.status] || view.status;
  badge.className = `badge status-${view.status.toLowerCase()}`;
  $('order-total').textContent = money(view.total, view.currency);
  $('cancel-order').disabled = TERMINAL.has(view.status) || view.status === 'CANCEL_PENDING';
  $('cancel-order').dataset.orderId = view.orderId;
  const reached = STEPS.indexOf(view.status);
  const steps = $('order-steps');
  steps.replaceChildren(...STEPS.map((step, index) => h('li', {
    class: index < reached || view.status === 'SHIPPED' ? 'done' : index === reached ? 'current' : '',
  }, LABELS[step])));
  steps.classList.toggle('off', reached < 0 && view.status !== 'PENDING');
  if (view.reason) {
    say($('order-message'), view.reason, view.status !== 'SHIPPED');
  }
  $('timeline').replaceChildren(...(view.timeline || []).map((entry) => h('li', {},
    h('time', { datetime: entry.at }, time(entry.at)), h('span', { class: 'event' }, entry.event),
    entry.detail ? h('span', { class: 'detail' }, entry.detail) : null)));
}

$('cancel-order').addEventListener('click', async () => {
  const orderId = $('cancel-order').dataset.orderId;
  try {
    await api(`/api/orders/${orderId}/cancellation`, { method: 'POST', body: { reason: 'cancelled on the booking page' } });
    follow(orderId);
  } catch (failure) {
    say($('order-message'), failure.type === 'order-already-shipped' ? 'Too late: the order has shipped.'
      : failure.message, true);
  }
});
