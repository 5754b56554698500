// What the PBX keeps per manager: the caller ids a call may show, and do-not-disturb.
import { h, replace } from './dom.js';
import { t, formatPhone } from './i18n.js';
import { api, errorText } from './api.js';
import { session } from './session.js';
import { toast } from './ui.js';

let numbers = null;
const CALLER_ID_KEY = 'minicrm.callerId';

/** The PBX's numbers, the manager's own first; empty when the PBX is not connected. Asked once a session. */
export async function loadNumbers() {
  if (numbers) return numbers;
  try {
    numbers = (await api('/api/pbx/numbers'))?.items ?? [];
  } catch {
    numbers = [];
  }
  return numbers;
}

/** The caller id chosen for calls, when the PBX has several numbers; null lets the PBX choose. */
export function chosenCallerId() {
  const saved = localStorage.getItem(CALLER_ID_KEY);
  if (!numbers || numbers.length < 2) return null;
  return numbers.some((n) => n.number === saved) ? saved : numbers[0].number;
}

/** A "Call from" picker, or nothing when the PBX lists fewer than two numbers. */
export function callerIdPicker() {
  const box = h('div', { class: 'caller-id', id: 'caller-id', hidden: true });
  loadNumbers().then((items) => {
    if (items.length < 2) return;
    const select = h('select', { id: 'caller-id-select', aria: { label: t('dial.callerId') } },
      items.map((n) => h('option', { value: n.number, selected: n.number === chosenCallerId() }, `${formatPhone(n.number)} · ${n.name}`)));
    select.addEventListener('change', () => localStorage.setItem(CALLER_ID_KEY, select.value));
    replace(box, h('label', { class: 'field-label', for: 'caller-id-select' }, t('dial.callerId')), select);
    box.hidden = false;
  });
  return box;
}

const dndKnown = new Map();

/** Forgets what the PBX said, at logout. */
export function forgetPbx() {
  numbers = null;
  dndKnown.clear();
}

/** A do-not-disturb switch for one manager; hidden while the PBX cannot say (not connected, account not mapped). */
export function dndSwitch(managerId, { compact = false } = {}) {
  const input = h('input', { type: 'checkbox', role: 'switch', class: 'switch-input', data: { manager: managerId } });
  const label = h('label', { class: ['dnd-switch', compact ? 'is-compact' : null], title: t('dnd.hint'), hidden: true },
    input, h('span', { class: 'switch-track' }), h('span', { class: 'dnd-label' }, t('dnd.label')));
  const path = `/api/managers/${encodeURIComponent(managerId)}/dnd`;
  const paint = (state) => {
    dndKnown.set(managerId, { state, at: Date.now() });
    input.checked = state === 'on';
    label.classList.toggle('is-on', input.checked);
  };
  // The header is drawn on every page: a state read in the last minute is not asked again.
  const known = dndKnown.get(managerId);
  if (known && Date.now() - known.at < 60000) { paint(known.state); label.hidden = false; }
  else {
    api(path).then((res) => { paint(res.state); label.hidden = false; }).catch((error) => {
      // In the header it just stays away; in Settings the row says why there is no switch.
      if (!compact) label.replaceWith(h('span', { class: 'muted small', title: errorText(error) }, t('dnd.unavailable')));
    });
  }
  input.addEventListener('change', async () => {
    const state = input.checked ? 'on' : 'off';
    input.disabled = true;
    try {
      paint((await api(path, { method: 'PUT', body: { state } })).state);
      const name = managerId === session.me?.id ? null : session.byId.get(managerId)?.name ?? managerId;
      toast(() => (state === 'on' ? t('dnd.turnedOn', { name: name ?? t('dnd.you') }) : t('dnd.turnedOff', { name: name ?? t('dnd.you') })), 'success');
    } catch (error) {
      paint(state === 'on' ? 'off' : 'on');
      toast(() => t('dnd.failed', { error: errorText(error) }), 'error', 8000);
    } finally {
      input.disabled = false;
    }
  });
  return label;
}
