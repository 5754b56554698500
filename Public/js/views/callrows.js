// The table of filed calls, shared by the contact card and the calls page.
import { h, icon } from '../dom.js';
import { t, formatPhone, formatDateTime, formatDateTimeFull, formatDuration } from '../i18n.js';
import { managerName } from '../session.js';
import { statusBadge, directionIcon } from '../ui.js';

export function isMissed(call) {
  return call.missed === true || String(call.status || '').toLowerCase() === 'missed';
}

export function recordings(call) {
  const urls = (call.recordings || []).filter((u) => typeof u === 'string' && u);
  if (!urls.length) return null;
  return h('div', { class: 'recordings' }, urls.map((url, i) => h('div', { class: 'recording' },
    h('audio', { controls: true, preload: 'none', src: url, title: urls.length > 1 ? t('calls.recordingN', { n: i + 1 }) : t('calls.recording') }))));
}

export function callsTable(calls, { showContact = true, showPhone = true } = {}) {
  const rows = calls.map((call) => {
    const missed = isMissed(call);
    // The number also sits under the contact, for a narrow page where its own column is left out.
    const contactCell = showContact
      ? h('td', { class: 'cell-contact' }, contactOf(call), showPhone ? h('div', { class: 'cell-sub cell-phone-sub' }, formatPhone(call.phone)) : null)
      : null;
    const linked = showContact && call.contact !== null && call.contact !== undefined;
    const open = (event) => {
      if (event.target.closest('a, button, audio, input, select')) return;
      location.hash = `#/contacts/${encodeURIComponent(call.contact)}`;
    };
    return h('tr', {
      class: ['call-row', missed ? 'is-missed' : '', linked ? 'row-link' : ''],
      data: { id: call.id, callid: call.callid, user: call.user, status: call.status || '' },
      on: linked ? { click: open } : undefined,
    },
      h('td', { class: 'cell-dir' }, directionIcon(call.direction, missed)),
      h('td', { class: 'cell-time nowrap', title: formatDateTimeFull(call.start) }, formatDateTime(call.start),
        !showContact && showPhone ? h('div', { class: 'cell-sub cell-phone' }, formatPhone(call.phone)) : null),
      contactCell,
      showContact ? h('td', { class: 'cell-phone col-phone nowrap' }, formatPhone(call.phone)) : null,
      h('td', { class: 'cell-manager' }, call.manager ? managerName(call.manager) : h('span', { class: 'muted', title: t('calls.unmappedUser') }, call.user || '—')),
      h('td', { class: 'cell-status' }, statusBadge(call)),
      h('td', { class: 'cell-duration nowrap num' }, call.duration > 0 ? formatDuration(call.duration) : h('span', { class: 'muted' }, '—')),
      h('td', { class: 'cell-rec' }, recordings(call)));
  });
  return h('div', { class: 'table-wrap' },
    h('table', { class: 'table calls-table' },
      h('thead', {}, h('tr', {},
        h('th', { scope: 'col', class: 'cell-dir' }, h('span', { class: 'sr-only' }, t('calls.col.direction'))),
        h('th', { scope: 'col' }, t('calls.col.time')),
        showContact ? h('th', { scope: 'col' }, t('calls.col.contact')) : null,
        showContact ? h('th', { scope: 'col', class: 'col-phone' }, t('calls.col.phone')) : null,
        h('th', { scope: 'col' }, t('calls.col.manager')),
        h('th', { scope: 'col' }, t('calls.col.status')),
        h('th', { scope: 'col', class: 'num' }, t('calls.col.duration')),
        h('th', { scope: 'col' }, t('calls.col.recording')))),
      h('tbody', {}, rows)));
}

function contactOf(call) {
  if (call.contact !== null && call.contact !== undefined) {
    return h('a', { class: 'contact-link', href: `#/contacts/${encodeURIComponent(call.contact)}` }, call.contact_name || t('calls.contactN', { id: call.contact }));
  }
  return h('span', { class: 'unknown' },
    h('span', { class: 'muted' }, t('calls.unknown')),
    h('a', { class: 'chip chip-accent', href: `#/contacts/new?phone=${encodeURIComponent(call.phone || '')}` }, icon('plus'), t('calls.createContact')));
}
