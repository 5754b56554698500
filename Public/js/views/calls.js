// The calls page: filters, newest first, paging; missed calls highlighted.
import { h, replace } from '../dom.js';
import { t, tn } from '../i18n.js';
import { api, query, errorText } from '../api.js';
import { session } from '../session.js';
import { pager, spinner, errorBox, emptyState, pageHeader } from '../ui.js';
import { callsTable } from './callrows.js';

const PAGE = 30;
const STATUSES = ['success', 'missed', 'cancel', 'busy', 'notavailable', 'notallowed', 'notfound'];

/** A local date (YYYY-MM-DD) as the UTC instant of its midnight, the way the API wants it. */
function sinceParam(date) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date || '');
  if (!m) return '';
  const d = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function mount(root, ctx) {
  const f = {
    direction: ctx.query.get('direction') || '',
    status: ctx.query.get('status') || '',
    missed: ctx.query.get('missed') === '1',
    manager: ctx.query.get('manager') || '',
    since: ctx.query.get('since') || '',
  };
  let offset = Math.max(0, parseInt(ctx.query.get('offset') || '0', 10) || 0);
  let controller = null;
  let disposed = false;

  const select = (id, value, options) => h('select', { id, on: { change: onChange } },
    options.map(([v, label]) => h('option', { value: v, selected: v === value }, label)));
  const direction = select('calls-direction', f.direction, [['', t('calls.anyDirection')], ['in', t('direction.in')], ['out', t('direction.out')]]);
  const status = select('calls-status', f.status, [['', t('calls.anyStatus')], ...STATUSES.map((s) => [s, t(`status.${s}`)])]);
  const manager = select('calls-manager', f.manager, [['', t('calls.anyManager')], ...session.managers.map((m) => [m.id, m.name])]);
  const missed = h('input', { id: 'calls-missed', type: 'checkbox', checked: f.missed, on: { change: onChange } });
  const since = h('input', { id: 'calls-since', type: 'date', value: f.since, on: { change: onChange } });
  const reset = h('button', { class: 'btn btn-ghost', type: 'button', on: { click: onReset } }, t('calls.reset'));
  const count = h('span', { class: 'muted count' });
  const list = h('div', { class: 'card list-card' }, spinner());

  const label = (text, control) => h('label', { class: 'filter' }, h('span', { class: 'filter-label' }, text), control);
  root.append(
    pageHeader(t('calls.title')),
    h('div', { class: 'filters card' },
      label(t('calls.direction'), direction),
      label(t('calls.status'), status),
      label(t('calls.manager'), manager),
      label(t('calls.since'), since),
      h('label', { class: 'filter filter-check' }, missed, h('span', {}, t('calls.missedOnly'))),
      h('div', { class: 'filters-end' }, count, reset)),
    list);

  function onChange() {
    f.direction = direction.value;
    f.status = status.value;
    f.manager = manager.value;
    f.missed = missed.checked;
    f.since = since.value;
    offset = 0;
    load();
  }

  function onReset() {
    direction.value = ''; status.value = ''; manager.value = ''; missed.checked = false; since.value = '';
    onChange();
  }

  async function load({ quiet = false } = {}) {
    controller?.abort();
    controller = new AbortController();
    const { signal } = controller;
    ctx.setQuery({ ...f, missed: f.missed ? '1' : '', offset: offset || '' });
    if (!quiet) list.classList.add('is-busy');
    try {
      const data = await api(`/api/calls${query({
        direction: f.direction, status: f.status, missed: f.missed ? '1' : '', manager: f.manager,
        since: sinceParam(f.since), limit: PAGE, offset,
      })}`, { signal });
      if (signal.aborted || disposed) return;
      render(data);
    } catch (error) {
      if (error.name === 'AbortError') return;
      if (!quiet) replace(list, errorBox(errorText(error), () => load()));
    } finally {
      if (!signal.aborted) list.classList.remove('is-busy');
    }
  }

  function render(data) {
    const items = data?.items ?? [];
    const total = data?.total ?? items.length;
    count.textContent = tn('calls.total', total);
    if (!items.length) {
      replace(list, emptyState(t('calls.empty'), t('calls.emptyHint')));
      return;
    }
    replace(list, callsTable(items), pager({ offset, limit: PAGE, total, onPage: (o) => { offset = o; load(); window.scrollTo({ top: 0 }); } }));
  }

  const onHistory = () => load({ quiet: true });
  window.addEventListener('crm:history', onHistory);
  load();
  return () => { disposed = true; controller?.abort(); window.removeEventListener('crm:history', onHistory); };
}
