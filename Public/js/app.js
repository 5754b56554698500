// MiniCRM's browser UI: boot, header, hash routing.
import { h, icon, replace, clear } from './dom.js';
import { t, setLang, currentLang, languages, onLangChange } from './i18n.js';
import { api, onUnauthorized } from './api.js';
import { session, isAdmin, loadManagers } from './session.js';
import { startLive, stopLive, rerenderLive, onStreamStatus, bellState, onBellChange, toggleBell } from './popups.js';
import { unlockAudio } from './ring.js';
import { dndSwitch, forgetPbx } from './pbx.js';
import { startTicker, errorBox, toast } from './ui.js';
import * as loginView from './views/login.js';
import * as contactsView from './views/contacts.js';
import * as contactView from './views/contact.js';
import * as callsView from './views/calls.js';
import * as boardView from './views/board.js';
import * as settingsView from './views/settings.js';
import * as managersView from './views/managers.js';
import * as profileView from './views/profile.js';

const view = document.getElementById('view');
const header = document.getElementById('header');

const ROUTES = [
  { re: /^login$/, view: loginView, public: true },
  { re: /^contacts$/, view: contactsView, nav: 'contacts' },
  { re: /^contacts\/new$/, view: contactView, mode: 'new', nav: 'contacts' },
  { re: /^contacts\/([^/]+)$/, view: contactView, nav: 'contacts' },
  { re: /^calls$/, view: callsView, nav: 'calls' },
  { re: /^board$/, view: boardView, nav: 'board', admin: true },
  { re: /^settings$/, view: settingsView, nav: 'settings', admin: true },
  { re: /^managers$/, view: managersView, nav: 'managers', admin: true },
  { re: /^profile$/, view: profileView, nav: 'profile' },
];

let cleanup = null;
let returnTo = '';

export function parseHash() {
  const raw = location.hash.replace(/^#\/?/, '');
  const q = raw.indexOf('?');
  const path = decodeURI(q >= 0 ? raw.slice(0, q) : raw).replace(/\/+$/, '');
  const query = new URLSearchParams(q >= 0 ? raw.slice(q + 1) : '');
  return { path, query };
}

export function navigate(hash) {
  if (location.hash === hash) route(); else location.hash = hash;
}

/** Changes the query of the current page in the address bar without re-rendering it. */
export function setQuery(params) {
  const { path } = parseHash();
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '' && v !== false) q.set(k, String(v));
  const s = q.toString();
  history.replaceState(null, '', `#/${path}${s ? `?${s}` : ''}`);
}

function route() {
  const { path, query } = parseHash();
  if (!session.me && path !== 'login') {
    returnTo = location.hash;
    location.replace('#/login');
    return;
  }
  if (session.me && path === 'login') { location.replace(returnTo && !returnTo.startsWith('#/login') ? returnTo : '#/contacts'); return; }
  if (path === '') { location.replace('#/contacts'); return; }
  const match = ROUTES.map((r) => ({ r, m: r.re.exec(path) })).find((x) => x.m);
  if (cleanup) { try { cleanup(); } catch (e) { console.error(e); } cleanup = null; }
  clear(view);
  document.body.className = `page-${(match?.r.nav || path.split('/')[0] || 'none').replace(/[^a-z]/g, '')}`;
  renderHeader(match?.r.nav);
  if (!match) {
    view.append(errorBox(t('error.pageNotFound')));
    return;
  }
  if (match.r.admin && !isAdmin()) {
    view.append(errorBox(t('error.adminsOnly')));
    return;
  }
  const ctx = {
    params: match.m.slice(1), query, mode: match.r.mode, navigate, setQuery,
    onLogin: (me) => loggedIn(me),
  };
  try {
    cleanup = match.r.view.mount(view, ctx) || null;
  } catch (error) {
    console.error(error);
    view.append(errorBox(error.message));
  }
  if (typeof cleanup !== 'function') cleanup = null;
  view.focus({ preventScroll: true });
}

// ---- header --------------------------------------------------------------------------------

let headerUnsubs = [];

function renderHeader(active) {
  for (const u of headerUnsubs) u();
  headerUnsubs = [];
  if (!session.me) { header.hidden = true; clear(header); return; }
  header.hidden = false;
  const link = (key, href) => h('a', { class: 'nav-link', href, aria: active === key ? { current: 'page' } : undefined }, t(`nav.${key}`));
  const nav = h('nav', { class: 'nav', aria: { label: t('nav.label') } },
    link('contacts', '#/contacts'), link('calls', '#/calls'),
    isAdmin() ? link('board', '#/board') : null,
    isAdmin() ? link('managers', '#/managers') : null,
    isAdmin() ? link('settings', '#/settings') : null);

  const status = h('span', { class: 'live-status' }, h('span', { class: 'live-dot' }), h('span', { class: 'live-label' }));
  headerUnsubs.push(onStreamStatus((s) => {
    status.dataset.status = s;
    const label = t(`live.${s}`);
    status.title = label;
    status.lastChild.textContent = label;
  }));

  const bell = h('button', { class: 'icon-btn bell', type: 'button', on: { click: () => toggleBell() } });
  const paintBell = (state) => {
    bell.dataset.state = state;
    replace(bell, icon(state === 'on' ? 'bell' : 'bellOff'));
    const label = t(`notify.bell.${state}`);
    bell.title = label;
    bell.setAttribute('aria-label', label);
    bell.setAttribute('aria-pressed', state === 'on' ? 'true' : 'false');
  };
  paintBell(bellState());
  headerUnsubs.push(onBellChange(paintBell));

  const langs = h('div', { class: 'lang-switch', role: 'group', aria: { label: t('header.language') } },
    languages().map((code) => h('button', {
      type: 'button', class: 'lang-btn', lang: code, aria: { pressed: code === currentLang() ? 'true' : 'false' },
      title: t(`lang.${code}`), on: { click: () => setLang(code) },
    }, code.toUpperCase())));

  const me = session.me;
  replace(header,
    h('a', { class: 'brand', href: '#/contacts' }, h('span', { class: 'brand-mark' }, icon('phone')), h('span', { class: 'brand-name' }, t('app.name'))),
    nav,
    h('div', { class: 'header-tools' },
      status,
      bell,
      langs,
      dndSwitch(me.id, { compact: true }),
      h('a', { class: 'me', href: '#/profile', id: 'me-link', title: t('profile.title'), aria: { current: active === 'profile' ? 'page' : undefined } },
        h('span', { class: 'me-name' }, me.name),
        me.role === 'admin' ? h('span', { class: 'badge badge-accent' }, t('role.admin')) : null),
      h('button', { class: 'icon-btn', type: 'button', title: t('header.logout'), aria: { label: t('header.logout') }, on: { click: logout } }, icon('logout'))));
}

// ---- session -------------------------------------------------------------------------------

async function loggedIn(me) {
  session.me = me;
  startLive(me);
  try { await loadManagers(true); } catch (e) { console.warn(e); }
  const target = returnTo && !returnTo.startsWith('#/login') ? returnTo : '#/contacts';
  returnTo = '';
  navigate(target);
}

async function logout() {
  try { await api('/api/logout', { method: 'POST', quiet401: true }); } catch { /* the session is gone anyway */ }
  endSession();
  location.hash = '#/login';
}

function endSession() {
  stopLive();
  forgetPbx();
  session.me = null;
  session.managers = [];
  session.byId = new Map();
}

onUnauthorized(() => {
  if (!session.me) return;
  endSession();
  returnTo = location.hash;
  toast(() => t('error.sessionExpired'), 'info');
  location.hash = '#/login';
});

onLangChange(() => {
  rerenderLive();
  route();
});

async function boot() {
  startTicker();
  document.addEventListener('pointerdown', unlockAudio, { once: true, capture: true });
  document.addEventListener('keydown', unlockAudio, { once: true, capture: true });
  try {
    const me = await api('/api/me', { quiet401: true });
    session.me = me;
    startLive(me);
    try { await loadManagers(true); } catch (e) { console.warn(e); }
  } catch (error) {
    if (error.status !== 401) console.warn(error);
    session.me = null;
  }
  window.addEventListener('hashchange', route);
  route();
}

boot();
