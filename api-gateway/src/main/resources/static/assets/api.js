// What both pages share: the signed-in caller, calls to Orderly's public API, its problems, and small DOM helpers.
// Credentials live in sessionStorage (this tab only, gone when it closes), as HTTP Basic is the default profile's
// local sign-in; a production frontend would hold a bearer token from the identity provider instead.

const CREDENTIALS = 'orderly.credentials';
const USER = 'orderly.user';

/** A refusal from the API: its HTTP status and the RFC 9457 problem it answered with. */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || problem?.message || `the server answered ${status}`);
    this.status = status;
    this.problem = problem || {};
  }

  get type() {
    return (this.problem.type || '').replace('https://orderly.dev/problems/', '');
  }
}

function utf8Base64(text) {
  return btoa(Array.from(new TextEncoder().encode(text), (byte) => String.fromCharCode(byte)).join(''));
}

export const session = {
  get user() {
    return sessionStorage.getItem(USER);
  },
  remember(user, password) {
    sessionStorage.setItem(USER, user);
    sessionStorage.setItem(CREDENTIALS, utf8Base64(`${user}:${password}`));
  },
  forget() {
    sessionStorage.removeItem(USER);
    sessionStorage.removeItem(CREDENTIALS);
  },
};

/**
 * Calls the API as the signed-in caller. Every call says X-Requested-With, so that a 401 carries no Basic challenge
 * and the browser does not open its own login dialog over the page; every write is JSON, as the API requires.
 */
export async function api(path, { method = 'GET', body, headers = {} } = {}) {
  const sent = { 'X-Requested-With': 'XMLHttpRequest', Accept: 'application/json', ...headers };
  const credentials = sessionStorage.getItem(CREDENTIALS);
  if (credentials) {
    sent.Authorization = `Basic ${credentials}`;
  }
  if (method !== 'GET') {
    sent['Content-Type'] = 'application/json';
  }
  const response = await fetch(path, {
    method, headers: sent, body: body === undefined ? undefined : JSON.stringify(body), cache: 'no-store',
  });
  const text = await response.text();
  let answer = null;
  if (text && (response.headers.get('Content-Type') || '').includes('json')) {
    answer = JSON.parse(text);
  }
  if (!response.ok) {
    throw new ApiError(response.status, answer);
  }
  return answer;
}

/** Creates an element: attributes (class, data-*, ...) then children, text children as text nodes, never HTML. */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false || value === null || value === undefined) {
      continue;
    }
    if (name.startsWith('on')) {
      element.addEventListener(name.slice(2), value);
    } else {
      element.setAttribute(name, value === true ? '' : value);
    }
  }
  element.append(...children.flat().filter((child) => child !== null && child !== undefined && child !== false));
  return element;
}

/**
 * Keeps a container's children in step with a list, one child per key: new keys get a child from create, every
 * item goes through update, and children of keys no longer listed go. Children are never rebuilt, so what an
 * operator is typing into one survives the next refresh.
 */
export function syncChildren(container, items, key, create, update) {
  const existing = new Map(Array.from(container.children, (child) => [child.dataset.key, child]));
  const wanted = new Set();
  let previous = null;
  for (const item of items) {
    const id = String(key(item));
    wanted.add(id);
    let child = existing.get(id);
    if (!child) {
      child = create(item);
      child.dataset.key = id;
    }
    update(child, item);
    const expected = previous ? previous.nextSibling : container.firstChild;
    if (child !== expected) {
      container.insertBefore(child, expected);
    }
    previous = child;
  }
  for (const [id, child] of existing) {
    if (!wanted.has(id)) {
      child.remove();
    }
  }
}

/** Shows a message in an element, as an error or not; an empty text hides it. */
export function say(element, text, isError = false) {
  element.textContent = text || '';
  element.hidden = !text;
  element.classList.toggle('error', Boolean(isError));
}

/** An amount in minor units, formatted in its currency. */
export function money(minor, currency) {
  if (minor === null || minor === undefined || !currency) {
    return 'not priced';
  }
  const format = new Intl.NumberFormat(undefined, { style: 'currency', currency });
  return format.format(minor / 10 ** format.resolvedOptions().maximumFractionDigits);
}

export function time(instant) {
  return instant ? new Date(instant).toLocaleTimeString() : '';
}

const PAGES = [['/', 'Booking'], ['/ops', 'Operator console']];

/**
 * Builds the header (the pages, who is signed in) and the sign-in form, the same on every page, and calls onChange
 * with the user (or null) whenever that changes. Credentials are kept only once one authenticated read accepted them.
 */
export function mountSignIn({ title, hint }, onChange) {
  const here = window.location.pathname === '/ops' ? '/ops' : '/';
  const who = h('strong', { id: 'who' });
  const signOut = h('button', { id: 'sign-out', type: 'button', class: 'link' }, 'Sign out');
  const bar = h('div', { id: 'signed-in', class: 'signed-in', hidden: true }, 'Signed in as ', who, ' ', signOut);
  document.querySelector('header.top').replaceChildren(h('a', { class: 'brand', href: '/' }, 'Orderly'),
    h('nav', {}, PAGES.map(([path, label]) => h('a', { href: path, 'aria-current': path === here && 'page' }, label))),
    bar);
  const error = h('p', { id: 'sign-in-error', class: 'message', role: 'alert', hidden: true });
  const form = document.getElementById('sign-in');
  form.replaceChildren(h('h1', {}, title),
    h('label', {}, 'User ', h('input', { name: 'user', id: 'user', autocomplete: 'username', required: true })),
    h('label', {}, 'Password ', h('input', {
      name: 'password', id: 'password', type: 'password', autocomplete: 'current-password', required: true,
    })),
    h('button', { id: 'sign-in-button', type: 'submit' }, 'Sign in'), error, h('p', { class: 'hint' }, hint));
  const show = () => {
    const user = session.user;
    form.hidden = Boolean(user);
    bar.hidden = !user;
    who.textContent = user || '';
    onChange(user);
  };
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const user = form.elements.user.value.trim();
    const password = form.elements.password.value;
    session.remember(user, password);
    try {
      await api('/api/resources?limit=1');
      form.reset();
      say(error, '');
      show();
    } catch (failure) {
      session.forget();
      say(error, failure.status === 401 ? 'Wrong user name or password.' : failure.message, true);
    }
  });
  signOut.addEventListener('click', () => {
    session.forget();
    show();
  });
  show();
}
