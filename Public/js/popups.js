// Incoming-call pop-ups on every page, the missed-calls tray, browser notifications and the ring.
import { h, icon, replace, clear } from './dom.js';
import { t, formatPhone, formatTime, formatDateTimeFull } from './i18n.js';
import { LegStore, connectStream, startMs, isMissed, RINGING, IN_CALL } from './live.js';
import { startRing, stopRing, unlockAudio } from './ring.js';
import { toast, tick } from './ui.js';
import { api } from './api.js';

const NOTIFY_KEY = 'minicrm.notify';
const statusListeners = new Set();
const bellListeners = new Set();

let store = null;
let stream = null;
let me = null;
let cards = new Map();          // key → {el, leg}
let hidden = new Map();         // key → phase the user hid the card at
let notifications = new Map();  // key → Notification
let missed = [];
let streamStatus = 'offline';
let expireTimer = 0;

const popupsEl = () => document.getElementById('popups');
const missedEl = () => document.getElementById('missed');
const missedStorageKey = () => `minicrm.missed.${me?.id ?? ''}`;

// ---- lifecycle -------------------------------------------------------------------------------

export function startLive(manager) {
  stopLive();
  me = manager;
  store = new LegStore();
  cards = new Map();
  hidden = new Map();
  missed = loadMissed();
  renderMissed();
  stream = connectStream('/api/stream', {
    onCall: handleCall,
    onHistory: (call) => window.dispatchEvent(new CustomEvent('crm:history', { detail: call })),
    onSnapshot: (openKeys, reasons) => {
      for (const leg of store.retainOnly(openKeys)) closeCard(leg.key, 'ENDED');
      store.correct(reasons);
      // The tray outlives a reload: drop what turned out to be answered while this tab was away.
      const answered = missed.filter((entry) => reasons.has(entry.key) && reasons.get(entry.key) !== 'missed');
      for (const entry of answered) dismissMissed(entry.key);
      updateRing();
    },
    onStatus: setStatus,
    // The browser gave up on the stream (an HTTP error): if the session ended, this sends us to the login page.
    onGone: () => { api('/api/me').catch(() => {}); },
    onEnd: (reason) => {
      if (reason === 'too_many_streams') {
        setStatus('paused');
        toast(() => t('live.tooManyStreams'), 'info', 15000);
        return;
      }
      setStatus('offline');
      // The session ended (signed out elsewhere, password or role changed, deactivated): /api/me
      // answers 401 and the app goes to the login page; if this tab still has a session, go on.
      api('/api/me').then((manager) => { if (me?.id === manager?.id) startLive(manager); }).catch(() => {});
    },
  });
  expireTimer = setInterval(() => {
    for (const leg of store.expire()) closeCard(leg.key, 'EXPIRED');
    updateRing();
  }, 30000);
  window.addEventListener('crm:contact-saved', onContactSaved);
}

export function stopLive() {
  stream?.close();
  stream = null;
  clearInterval(expireTimer);
  stopRing();
  for (const n of notifications.values()) n.close();
  notifications.clear();
  if (popupsEl()) clear(popupsEl());
  const tray = missedEl();
  if (tray) { clear(tray); tray.hidden = true; }
  cards = new Map();
  store = null;
  me = null;
  window.removeEventListener('crm:contact-saved', onContactSaved);
  setStatus('offline');
}

/** Re-render everything after a language switch. */
export function rerenderLive() {
  for (const [key, card] of cards) fillCard(card.el, card.leg, key);
  renderMissed();
}

export function onStreamStatus(fn) {
  statusListeners.add(fn);
  fn(streamStatus);
  return () => statusListeners.delete(fn);
}

function setStatus(status) {
  streamStatus = status;
  for (const fn of statusListeners) fn(status);
}

// ---- messages --------------------------------------------------------------------------------

function handleCall(msg) {
  if (!store) return;
  const change = store.apply(msg);
  if (!change) return;
  const { kind, leg } = change;
  if (kind === 'corrected') {
    if (isMissed(leg)) addMissed(leg); else dismissMissed(leg.key);
  } else if (kind === 'closed') {
    closeCard(leg.key, leg.state);
    if (isMissed(leg)) addMissed(leg);
  } else {
    showCard(leg);
    if (kind === 'opened' && leg.phase === RINGING && leg.state === 'INCOMING' && document.visibilityState === 'hidden') {
      alertHidden(leg);
    }
  }
  if (leg.phase !== RINGING) closeNotification(leg.key);
  updateRing();
}

function updateRing() {
  const ringing = store && [...store.legs.values()].some((l) => l.phase === RINGING && l.state === 'INCOMING' && l.alerted);
  if (!ringing) stopRing();
}

function alertHidden(leg) {
  if (bellPref() === 'off') return;
  leg.alerted = true;
  startRing();
  if (bellState() !== 'on') return;
  try {
    const who = leg.contact?.name || t('popup.unknown');
    const lines = [formatPhone(leg.phone), leg.contact?.company, leg.group ? t('popup.group', { name: leg.group }) : ''].filter(Boolean);
    const n = new Notification(`${t('popup.incoming')}: ${who}`, {
      body: lines.join('\n'), tag: leg.key, icon: '/favicon.svg', requireInteraction: true,
    });
    n.addEventListener('click', () => {
      window.focus();
      openLeg(leg);
      n.close();
    });
    notifications.set(leg.key, n);
  } catch { /* notifications not possible here */ }
}

function closeNotification(key) {
  const n = notifications.get(key);
  if (n) { n.close(); notifications.delete(key); }
}

// ---- cards -----------------------------------------------------------------------------------

function showCard(leg) {
  const container = popupsEl();
  if (!container) return;
  if (hidden.has(leg.key) && hidden.get(leg.key) >= leg.phase) return;
  hidden.delete(leg.key);
  let card = cards.get(leg.key);
  if (!card) {
    const el = h('article', { class: 'popup entering', tabIndex: 0, data: { callid: leg.callid, user: leg.user } });
    el.addEventListener('click', (event) => {
      if (event.target.closest('button, a')) return;
      openLeg(cards.get(leg.key)?.leg ?? leg);
    });
    el.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && event.target === el) openLeg(cards.get(leg.key)?.leg ?? leg);
    });
    card = { el, leg };
    cards.set(leg.key, card);
    // Newest on top.
    const mine = startMs(leg);
    const before = [...cards.values()].find((c) => c !== card && c.el.isConnected && startMs(c.leg) < mine);
    if (before) container.insertBefore(el, before.el); else container.append(el);
    void el.offsetWidth; // commit the start state so the slide-in runs (no rAF: it pauses in hidden tabs)
    el.classList.remove('entering');
  }
  card.leg = leg;
  fillCard(card.el, leg, leg.key);
}

function fillCard(el, leg, key) {
  el.dataset.state = leg.state;
  el.classList.toggle('popup-incall', leg.phase === IN_CALL);
  el.classList.toggle('popup-ringing', leg.phase === RINGING);
  const contact = leg.contact;
  const outgoing = leg.direction === 'out' || leg.state === 'OUTGOING';
  const stateLabel = leg.phase === IN_CALL ? t('popup.inCall') : outgoing ? t('popup.outgoing') : t('popup.incoming');
  const head = h('div', { class: 'popup-head' },
    h('span', { class: ['popup-icon', leg.phase === IN_CALL ? 'is-live' : 'is-ringing'] }, icon(outgoing ? 'out' : 'phone')),
    h('span', { class: 'popup-state' }, stateLabel),
    leg.phase === IN_CALL
      ? h('span', { class: 'popup-timer', data: { since: leg.answered_at }, title: formatDateTimeFull(leg.answered_at) }, '00:00')
      : h('span', { class: 'popup-time' }, formatTime(leg.started_at)),
    h('button', {
      class: 'icon-btn popup-close', type: 'button', title: t('popup.hide'), aria: { label: t('popup.hide') },
      on: { click: () => hideCard(key) },
    }, icon('close')));
  const details = [];
  if (contact?.company) details.push(h('div', { class: 'popup-company' }, contact.company));
  if (contact?.responsible_name || contact?.responsible) {
    details.push(h('div', { class: 'popup-resp' }, icon('user'), t('popup.responsible', { name: contact.responsible_name || contact.responsible })));
  }
  if (leg.group) details.push(h('div', { class: 'popup-group' }, t('popup.group', { name: leg.group })));
  if (leg.diversion) details.push(h('div', { class: 'popup-line' }, t('popup.line', { number: formatPhone(leg.diversion) })));
  const action = contact
    ? h('a', { class: 'btn btn-small', href: `#/contacts/${encodeURIComponent(contact.id)}` }, t('popup.openCard'))
    : h('button', { class: 'btn btn-small btn-primary popup-create', type: 'button', on: { click: () => createContact(leg.phone) } }, icon('plus'), t('popup.createContact'));
  replace(el,
    head,
    h('div', { class: ['popup-name', contact ? '' : 'is-unknown'] }, contact ? contact.name : t('popup.unknown')),
    h('div', { class: 'popup-phone' }, formatPhone(leg.phone)),
    details.length ? h('div', { class: 'popup-details' }, details) : null,
    h('div', { class: 'popup-actions' }, action));
  el.setAttribute('aria-label', `${stateLabel}: ${contact ? contact.name : t('popup.unknown')} ${formatPhone(leg.phone)}`);
  tick(el);
}

function hideCard(key) {
  const card = cards.get(key);
  if (!card) return;
  hidden.set(key, card.leg.phase);
  removeCardEl(key);
}

function closeCard(key, state) {
  closeNotification(key);
  hidden.delete(key);
  const card = cards.get(key);
  if (!card) return;
  card.el.dataset.state = state;
  removeCardEl(key);
}

function removeCardEl(key) {
  const card = cards.get(key);
  if (!card) return;
  cards.delete(key);
  const { el } = card;
  el.classList.add('leaving');
  setTimeout(() => el.remove(), 180);
}

function openLeg(leg) {
  if (leg.contact?.id !== undefined && leg.contact?.id !== null) location.hash = `#/contacts/${encodeURIComponent(leg.contact.id)}`;
  else createContact(leg.phone);
}

function createContact(phone) {
  location.hash = `#/contacts/new?phone=${encodeURIComponent(phone || '')}`;
}

/** A contact was created or changed: name the pop-ups and missed entries that call from its numbers. */
function onContactSaved(event) {
  const contact = event.detail;
  if (!contact || !store) return;
  const phones = new Set(contact.phones || []);
  const summary = {
    id: contact.id, name: contact.name, company: contact.company, responsible: contact.responsible ?? null,
  };
  for (const [key, card] of cards) {
    if (phones.has(card.leg.phone) && (!card.leg.contact || card.leg.contact.id === contact.id)) {
      card.leg.contact = { ...card.leg.contact, ...summary, responsible_name: contact.responsible_name };
      const stored = store.legs.get(key);
      if (stored) stored.contact = card.leg.contact;
      fillCard(card.el, card.leg, key);
    }
  }
  let changed = false;
  for (const entry of missed) {
    if (phones.has(entry.phone) && (!entry.contactId || entry.contactId === contact.id)) {
      entry.contactId = contact.id;
      entry.name = contact.name;
      changed = true;
    }
  }
  if (changed) { saveMissed(); renderMissed(); }
}

// ---- missed calls tray -------------------------------------------------------------------------

function loadMissed() {
  try {
    const data = JSON.parse(sessionStorage.getItem(missedStorageKey()) || '[]');
    return Array.isArray(data) ? data.filter((e) => e && e.key) : [];
  } catch { return []; }
}

function saveMissed() {
  try { sessionStorage.setItem(missedStorageKey(), JSON.stringify(missed)); } catch { /* ignore */ }
}

function addMissed(leg) {
  if (missed.some((e) => e.key === leg.key)) return;
  missed.unshift({
    key: leg.key, callid: leg.callid, user: leg.user, phone: leg.phone,
    name: leg.contact?.name || '', contactId: leg.contact?.id ?? null,
    time: leg.started_at || leg.time || new Date().toISOString(),
  });
  missed = missed.slice(0, 30);
  saveMissed();
  renderMissed();
}

function dismissMissed(key) {
  const kept = missed.filter((e) => e.key !== key);
  if (kept.length === missed.length) return;
  missed = kept;
  saveMissed();
  renderMissed();
}

function renderMissed() {
  const tray = missedEl();
  if (!tray) return;
  if (!missed.length) { clear(tray); tray.hidden = true; return; }
  tray.hidden = false;
  replace(tray,
    h('header', { class: 'missed-head' },
      h('span', { class: 'missed-title' }, icon('missed'), t('missed.title'), h('span', { class: 'missed-count' }, String(missed.length))),
      h('button', { class: 'link-btn', type: 'button', on: { click: () => { missed = []; saveMissed(); renderMissed(); } } }, t('missed.clear'))),
    h('ul', { class: 'missed-list' }, missed.map((entry) => h('li', { class: 'missed-item', data: { callid: entry.callid, user: entry.user } },
      h('button', {
        class: 'missed-open', type: 'button', title: formatDateTimeFull(entry.time),
        on: { click: () => (entry.contactId !== null && entry.contactId !== undefined ? (location.hash = `#/contacts/${entry.contactId}`) : createContact(entry.phone)) },
      },
      h('span', { class: 'missed-name' }, entry.name || formatPhone(entry.phone)),
      h('span', { class: 'missed-meta' }, entry.name ? `${formatPhone(entry.phone)} · ` : `${t('popup.unknown')} · `, formatTime(entry.time))),
      h('button', {
        class: 'icon-btn missed-dismiss', type: 'button', title: t('missed.dismiss'), aria: { label: t('missed.dismiss') },
        on: { click: () => dismissMissed(entry.key) },
      }, icon('close'))))));
}

// ---- notification bell ------------------------------------------------------------------------

function bellPref() {
  try { return localStorage.getItem(NOTIFY_KEY) || ''; } catch { return ''; }
}

/** 'unsupported' | 'blocked' | 'on' | 'off' */
export function bellState() {
  if (!('Notification' in window)) return 'unsupported';
  if (Notification.permission === 'denied') return 'blocked';
  if (Notification.permission === 'granted' && bellPref() !== 'off') return 'on';
  return 'off';
}

export function onBellChange(fn) {
  bellListeners.add(fn);
  return () => bellListeners.delete(fn);
}

function bellChanged() {
  for (const fn of bellListeners) fn(bellState());
}

/** The header bell: asks the browser's permission once (this runs on a click), then toggles. */
export async function toggleBell() {
  unlockAudio();
  const state = bellState();
  const setPref = (v) => { try { localStorage.setItem(NOTIFY_KEY, v); } catch { /* ignore */ } };
  if (state === 'unsupported') { toast(() => t('notify.unsupported'), 'info'); return; }
  if (state === 'blocked') { toast(() => t('notify.blocked'), 'error'); return; }
  if (state === 'on') { setPref('off'); toast(() => t('notify.turnedOff')); bellChanged(); return; }
  let permission = Notification.permission;
  if (permission === 'default') {
    try { permission = await Notification.requestPermission(); } catch { permission = 'denied'; }
  }
  setPref(permission === 'granted' ? 'on' : 'off');
  if (permission === 'granted') toast(() => t('notify.turnedOn'), 'success');
  else toast(() => t('notify.blocked'), 'error');
  bellChanged();
}
