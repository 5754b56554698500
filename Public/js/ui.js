// Small shared UI pieces: toasts, confirm dialog, pager, empty and error states.
import { h, icon, replace } from './dom.js';
import { t, formatNumber, formatDuration, secondsSince, onLangChange } from './i18n.js';

const shownToasts = new Set(); // {paint}: toasts on screen, repainted in a new language

/** `message` is a function of the UI language (`() => t('contact.saved')`), so a switch repaints it. */
export function toast(message, kind = 'info', ms = 5000) {
  const box = document.getElementById('toasts');
  const text = h('span', { class: 'toast-text' });
  const close = h('button', { class: 'icon-btn toast-close', type: 'button', on: { click: () => dismiss() } }, icon('close'));
  const el = h('div', { class: ['toast', `toast-${kind}`], role: kind === 'error' ? 'alert' : 'status' }, text, close);
  const shown = {
    paint() {
      text.textContent = typeof message === 'function' ? message() : message;
      close.title = t('common.close');
      close.setAttribute('aria-label', t('common.close'));
    },
  };
  shown.paint();
  shownToasts.add(shown);
  let timer = 0;
  const dismiss = () => {
    clearTimeout(timer);
    shownToasts.delete(shown);
    el.classList.add('leaving');
    setTimeout(() => el.remove(), 200);
  };
  box.prepend(el);
  timer = setTimeout(dismiss, ms);
  return dismiss;
}

onLangChange(() => { for (const shown of shownToasts) shown.paint(); });

/** A modal yes/no question; resolves true when confirmed. */
export function confirmDialog(message, { confirm = t('common.delete'), danger = true } = {}) {
  return new Promise((resolve) => {
    const dialog = h('dialog', { class: 'dialog' },
      h('form', { method: 'dialog', class: 'dialog-body' },
        h('p', { class: 'dialog-text' }, message),
        h('div', { class: 'dialog-actions' },
          h('button', { class: 'btn', value: 'cancel', type: 'submit' }, t('common.cancel')),
          h('button', { class: ['btn', danger ? 'btn-danger' : 'btn-primary'], value: 'ok', type: 'submit' }, confirm))));
    dialog.addEventListener('close', () => {
      resolve(dialog.returnValue === 'ok');
      dialog.remove();
    });
    document.body.append(dialog);
    dialog.showModal();
  });
}

/** "1–25 of 70" with previous/next buttons; "of 1 000+" when the total is only a lower bound. */
export function pager({ offset, limit, total, onPage, exact = true, shown }) {
  if (!total) return h('div', { class: 'pager' });
  const from = offset + 1;
  const to = exact ? Math.min(offset + limit, total) : offset + (shown ?? limit);
  const last = exact ? to >= total : (shown ?? limit) < limit;
  return h('nav', { class: 'pager', aria: { label: t('common.pages') } },
    h('button', { class: 'btn btn-ghost', type: 'button', disabled: offset <= 0, on: { click: () => onPage(Math.max(0, offset - limit)) } }, '‹ ', t('common.prev')),
    h('span', { class: 'pager-info' }, t('common.range', { from: formatNumber(from), to: formatNumber(to), total: `${formatNumber(total)}${exact ? '' : '+'}` })),
    h('button', { class: 'btn btn-ghost', type: 'button', disabled: last, on: { click: () => onPage(offset + limit) } }, t('common.next'), ' ›'));
}

export function spinner() {
  return h('div', { class: 'loading', role: 'status' }, h('span', { class: 'spinner' }), h('span', {}, t('common.loading')));
}

export function errorBox(message, retry) {
  return h('div', { class: 'error-box', role: 'alert' },
    h('p', {}, message),
    retry ? h('button', { class: 'btn', type: 'button', on: { click: retry } }, t('common.retry')) : null);
}

export function emptyState(title, text, action) {
  return h('div', { class: 'empty' }, h('p', { class: 'empty-title' }, title), text ? h('p', { class: 'muted' }, text) : null, action || null);
}

export function pageHeader(title, ...actions) {
  return h('div', { class: 'page-head' }, h('h1', { class: 'page-title' }, title), h('div', { class: 'page-actions' }, actions));
}

export function setLoading(container) {
  replace(container, spinner());
}

/** A status badge for a filed call. */
export function statusBadge(call) {
  const status = (call.status || '').toLowerCase();
  const missed = call.missed === true || status === 'missed';
  const key = status ? `status.${status}` : 'status.unknown';
  let label = t(key);
  if (label === key) label = call.status;
  return h('span', { class: ['badge', missed ? 'badge-missed' : status === 'success' ? 'badge-ok' : 'badge-muted'] }, label);
}

export function directionIcon(direction, missed = false) {
  const dir = direction === 'out' ? 'out' : 'in';
  return h('span', { class: ['dir', `dir-${dir}`, missed ? 'dir-missed' : ''], title: t(`direction.${dir}`) },
    icon(dir), h('span', { class: 'sr-only' }, t(`direction.${dir}`)));
}

export function avatar(name) {
  const letters = String(name || '?').trim().split(/\s+/).slice(0, 2).map((w) => w[0] || '').join('').toUpperCase() || '?';
  let hash = 0;
  for (const ch of String(name || '')) hash = (hash * 31 + ch.codePointAt(0)) >>> 0;
  return h('span', { class: ['avatar', `avatar-${hash % 6}`], aria: { hidden: 'true' } }, letters);
}

/** Live timers: every element with data-since shows the time elapsed since then. */
export function tick(root = document) {
  for (const el of root.querySelectorAll('[data-since]')) el.textContent = formatDuration(secondsSince(el.dataset.since));
}

let tickerTimer = 0;
export function startTicker() {
  if (!tickerTimer) tickerTimer = setInterval(() => tick(), 1000);
}
