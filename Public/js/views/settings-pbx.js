// Settings cards for what the connected PBX keeps: its call history (sync), its ring groups and who
// takes their calls, and each manager's do-not-disturb.
import { h, replace } from '../dom.js';
import { t, formatDateTime, formatDateTimeFull } from '../i18n.js';
import { api, errorText } from '../api.js';
import { session } from '../session.js';
import { spinner, errorBox, toast } from '../ui.js';
import { dndSwitch } from '../pbx.js';

const title = (key) => h('h2', { class: 'card-title' }, t(key));

/** The history sync card: the last sync, and a button that reads the PBX's last day again. */
export function historySyncCard() {
  const box = h('section', { class: 'card settings-card', id: 'history-sync' }, title('sync.title'), spinner());
  const describe = (last) => {
    if (!last) return h('p', { class: 'muted', id: 'history-sync-last' }, t('sync.never'));
    const when = h('span', { title: formatDateTimeFull(last.finished_at || last.started_at) }, formatDateTime(last.finished_at || last.started_at));
    return h('p', { class: ['sync-last', last.error ? 'is-error' : null], id: 'history-sync-last' },
      t(`sync.trigger.${last.trigger}`), ' · ', when, ' · ',
      last.error ? t('sync.failed', { error: last.error }) : t('sync.result', { filed: last.filed, received: last.received }));
  };
  async function load() {
    try {
      const status = await api('/api/pbx/history/sync');
      const button = h('button', { class: 'btn', type: 'button', id: 'history-sync-now', disabled: !status.connected }, t('sync.now'));
      button.addEventListener('click', async () => {
        button.disabled = true;
        try {
          const outcome = await api('/api/pbx/history/sync', { method: 'POST' });
          toast(() => t('sync.done', { filed: outcome.filed }), 'success');
        } catch (error) {
          toast(() => t('sync.failed', { error: errorText(error) }), 'error', 8000);
        }
        load();
      });
      replace(box, title('sync.title'), h('p', { class: 'muted small' }, t('sync.hint')), describe(status.last),
        h('div', { class: 'form-actions form-actions-start' }, button));
    } catch (error) {
      replace(box, title('sync.title'), errorBox(errorText(error), load));
    }
  }
  load();
  return box;
}

/** Every manager's do-not-disturb switch. */
export function dndCard() {
  const box = h('section', { class: 'card settings-card', id: 'dnd-settings' }, title('dnd.title'));
  const rows = session.managers.filter((m) => m.active !== false).map((m) => h('li', { class: 'dnd-row', data: { manager: m.id } },
    h('span', { class: 'dnd-name' }, m.name, h('span', { class: 'muted small' }, ` · ${m.pbx_account || m.login}`)),
    dndSwitch(m.id)));
  box.append(h('p', { class: 'muted small' }, t('dnd.settingsHint')), h('ul', { class: 'dnd-list' }, rows));
  return box;
}

/** The PBX's ring groups, and which managers take each group's calls. */
export function groupsCard() {
  const box = h('section', { class: 'card settings-card', id: 'pbx-groups' }, title('groups.title'), spinner());
  async function load() {
    try {
      const [groups, subscriptions] = await Promise.all([api('/api/pbx/groups'), api('/api/pbx/subscriptions')]);
      const items = groups?.items ?? [];
      if (!items.length) { replace(box, title('groups.title'), h('p', { class: 'muted' }, t('groups.none'))); return; }
      const members = (group) => (subscriptions?.items ?? []).flatMap((s) => s.groups.filter((g) => g.group === group).map((g) => ({ ...s, status: g.status })));
      const row = (group) => h('tr', { data: { group: group.name } },
        h('td', {}, h('strong', {}, group.realName || group.name), h('div', { class: 'muted small mono' }, group.name)),
        h('td', { class: 'nowrap' }, group.ext || h('span', { class: 'muted' }, '—')),
        h('td', {}, members(group.name).length
          ? h('ul', { class: 'member-list' }, members(group.name).map((m) => h('li', { class: ['member', m.status === 'on' ? 'is-on' : 'is-off'] },
            session.byId.get(m.manager)?.name ?? m.manager, ' ', h('span', { class: 'badge' }, t(`groups.${m.status}`)))))
          : h('span', { class: 'muted' }, t('groups.noMembers'))));
      replace(box, title('groups.title'), h('p', { class: 'muted small' }, t('groups.hint')),
        h('div', { class: 'table-wrap' }, h('table', { class: 'table groups-table', id: 'groups-table' },
          h('thead', {}, h('tr', {},
            h('th', { scope: 'col' }, t('groups.col.group')), h('th', { scope: 'col' }, t('groups.col.ext')), h('th', { scope: 'col' }, t('groups.col.members')))),
          h('tbody', {}, items.map(row)))));
    } catch (error) {
      replace(box, title('groups.title'), errorBox(errorText(error), load));
    }
  }
  load();
  return box;
}
