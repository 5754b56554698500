// Admin settings: the PBX connection and the PBX-account ⇄ manager mapping.
import { h, replace } from '../dom.js';
import { t, formatDateTime, formatDateTimeFull } from '../i18n.js';
import { api, errorText } from '../api.js';
import { loadManagers, session } from '../session.js';
import { spinner, errorBox, toast, confirmDialog, pageHeader } from '../ui.js';
import { historySyncCard, dndCard, groupsCard } from './settings-pbx.js';

export function mount(root) {
  let disposed = false;
  const pbxBox = h('section', { class: 'card settings-card', id: 'pbx-settings' }, spinner());
  const accountsBox = h('section', { class: 'card settings-card', id: 'pbx-accounts' });
  const extras = h('div', { class: 'settings-grid settings-extras' });
  root.append(pageHeader(t('settings.title')), h('div', { class: 'settings-grid' }, pbxBox, accountsBox), extras);

  let pbx = null;

  async function loadPbx() {
    try {
      pbx = await api('/api/pbx');
      if (disposed) return;
      renderPbx();
      loadAccounts();
    } catch (error) {
      if (disposed) return;
      replace(pbxBox, h('h2', { class: 'card-title' }, t('settings.pbx')), errorBox(error.status === 404 ? t('settings.unavailable') : errorText(error), loadPbx));
      renderAccountsMessage(t('settings.accountsNeedConnection'));
    }
  }

  function renderPbx() {
    const field = (label, control, hint) => h('label', { class: 'field' }, h('span', { class: 'field-label' }, label), control, hint ? h('span', { class: 'field-hint' }, hint) : null);
    const baseUrl = h('input', { id: 'pbx-base-url', type: 'url', value: pbx.base_url || '', placeholder: 'https://pbx.example.com', spellcheck: false, autocomplete: 'off' });
    const login = h('input', { id: 'pbx-login', type: 'text', autocomplete: 'off', spellcheck: false });
    const password = h('input', { id: 'pbx-password', type: 'password', autocomplete: 'new-password' });
    const crmCode = h('input', { id: 'pbx-crm-code', type: 'text', value: pbx.crm_code || '', spellcheck: false, autocomplete: 'off' });
    const url = h('input', { id: 'pbx-url', type: 'url', value: pbx.url || '', spellcheck: false, autocomplete: 'off' });
    const selfMap = h('input', { id: 'pbx-self-map', type: 'checkbox', checked: !!pbx.self_map });
    const error = h('p', { class: 'form-error', role: 'alert', hidden: true });
    const connect = h('button', { class: 'btn btn-primary', type: 'submit', id: 'pbx-connect' }, t('settings.connect'));
    const viaPbx = h('button', { class: 'btn', type: 'button', id: 'pbx-connect-redirect' }, t('settings.connectViaPbx'));
    const disconnect = pbx.connected ? h('button', { class: 'btn btn-danger-ghost', type: 'button', id: 'pbx-disconnect' }, t('settings.disconnect')) : null;

    const statusLine = h('div', { class: ['pbx-status', pbx.connected ? 'is-connected' : 'is-disconnected'], id: 'pbx-status' },
      h('span', { class: 'pbx-status-dot' }),
      h('div', {},
        h('strong', {}, pbx.connected ? t('settings.connected') : t('settings.notConnected')),
        pbx.connected && pbx.base_url ? h('div', { class: 'muted' }, pbx.base_url) : null,
        pbx.connected && pbx.connected_at ? h('div', { class: 'muted small', title: formatDateTimeFull(pbx.connected_at) }, t('settings.connectedAt', { time: formatDateTime(pbx.connected_at) })) : null));

    const busy = (on) => { for (const b of [connect, viaPbx, disconnect]) if (b) b.disabled = on; };
    const showError = (e) => { error.textContent = errorText(e); error.hidden = false; };

    const body = (withCredentials) => {
      const b = { base_url: baseUrl.value.trim(), crm_code: crmCode.value.trim(), url: url.value.trim(), self_map: selfMap.checked };
      if (withCredentials) { b.login = login.value.trim(); b.password = password.value; }
      return b;
    };

    async function send(withCredentials) {
      error.hidden = true;
      if (!baseUrl.value.trim()) { error.textContent = t('settings.baseUrlRequired'); error.hidden = false; baseUrl.focus(); return; }
      if (withCredentials && (!login.value.trim() || !password.value)) { error.textContent = t('settings.credentialsRequired'); error.hidden = false; return; }
      busy(true);
      try {
        const res = await api('/api/pbx/connect', { method: 'POST', body: body(withCredentials) });
        if (res && typeof res.redirect === 'string') {
          if (/^https?:\/\//i.test(res.redirect)) { location.href = res.redirect; return; }
          throw new Error(t('settings.badRedirect'));
        }
        pbx = res;
        toast(() => t('settings.connectedToast'), 'success');
        renderPbx();
        loadAccounts();
      } catch (e) {
        showError(e);
      } finally {
        busy(false);
      }
    }

    const form = h('form', { class: 'pbx-form', novalidate: true, on: { submit: (e) => { e.preventDefault(); send(true); } } },
      field(t('settings.baseUrl'), baseUrl, t('settings.baseUrlHint')),
      h('div', { class: 'field-row' }, field(t('settings.login'), login), field(t('settings.password'), password)),
      field(t('settings.crmCode'), crmCode, t('settings.crmCodeHint')),
      field(t('settings.url'), url, t('settings.urlHint')),
      h('label', { class: 'check' }, selfMap, h('span', {}, t('settings.selfMap'), h('span', { class: 'field-hint' }, t('settings.selfMapHint')))),
      error,
      h('div', { class: 'form-actions form-actions-start' }, connect, viaPbx, disconnect));

    viaPbx.addEventListener('click', () => send(false));
    disconnect?.addEventListener('click', async () => {
      if (!(await confirmDialog(t('settings.disconnectConfirm'), { confirm: t('settings.disconnect') }))) return;
      busy(true);
      try {
        await api('/api/pbx', { method: 'DELETE' });
        toast(() => t('settings.disconnectedToast'), 'success');
        await loadPbx();
      } catch (e) {
        showError(e);
      } finally {
        busy(false);
      }
    });

    replace(pbxBox, h('h2', { class: 'card-title' }, t('settings.pbx')), statusLine, form);
  }

  function renderAccountsMessage(message) {
    replace(accountsBox, h('h2', { class: 'card-title' }, t('settings.accounts')), h('p', { class: 'muted' }, message));
  }

  /** What the connected PBX keeps: its history, its groups, each manager's do-not-disturb. */
  function renderExtras() {
    if (!pbx?.connected) { replace(extras, historySyncCard()); return; }
    replace(extras, historySyncCard(), groupsCard(), dndCard());
  }

  async function loadAccounts() {
    renderExtras();
    if (!pbx?.connected) { renderAccountsMessage(t('settings.accountsNeedConnection')); return; }
    replace(accountsBox, h('h2', { class: 'card-title' }, t('settings.accounts')), spinner());
    try {
      const [data] = await Promise.all([api('/api/pbx/accounts'), loadManagers(true)]);
      if (disposed) return;
      renderAccounts(data?.items ?? []);
    } catch (error) {
      if (disposed) return;
      replace(accountsBox, h('h2', { class: 'card-title' }, t('settings.accounts')), errorBox(errorText(error), loadAccounts));
    }
  }

  function renderAccounts(items) {
    const head = h('div', { class: 'card-head' },
      h('h2', { class: 'card-title' }, t('settings.accounts')),
      h('button', { class: 'btn btn-ghost btn-small', type: 'button', on: { click: loadAccounts } }, t('settings.reload')));
    if (!items.length) { replace(accountsBox, head, h('p', { class: 'muted' }, t('settings.noAccounts'))); return; }
    const rows = items.map((item) => accountRow(item));
    replace(accountsBox, head,
      h('p', { class: 'muted small' }, t('settings.accountsHint')),
      h('div', { class: 'table-wrap' }, h('table', { class: 'table accounts-table', id: 'accounts-table' },
        h('thead', {}, h('tr', {},
          h('th', { scope: 'col' }, t('settings.col.account')),
          h('th', { scope: 'col' }, t('settings.col.realName')),
          h('th', { scope: 'col' }, t('settings.col.ext')),
          h('th', { scope: 'col' }, t('settings.col.manager')),
          h('th', { scope: 'col' }, h('span', { class: 'sr-only' }, t('common.save'))))),
        h('tbody', {}, rows))));
  }

  function accountRow(item) {
    const current = item.manager ?? '';
    const preset = current || item.suggested || '';
    const suggestedBadge = h('span', { class: 'badge badge-accent suggested', hidden: true }, t('settings.suggested'));
    const select = h('select', { class: 'account-select', data: { account: item.name } },
      h('option', { value: '' }, t('settings.notMapped')),
      session.managers.map((m) => h('option', { value: m.id, selected: m.id === preset }, m.name)));
    const save = h('button', { class: 'btn btn-small btn-primary', type: 'button' }, t('common.save'));
    const note = h('span', { class: 'row-note', role: 'status' });
    const sync = () => {
      const dirty = select.value !== current;
      save.disabled = !dirty;
      suggestedBadge.hidden = !(!current && item.suggested && select.value === item.suggested);
    };
    select.addEventListener('change', () => { note.textContent = ''; note.className = 'row-note'; sync(); });
    save.addEventListener('click', async () => {
      const target = select.value || null;
      save.disabled = true;
      note.textContent = t('settings.saving');
      note.className = 'row-note';
      try {
        if (current && current !== target) await api(`/api/managers/${encodeURIComponent(current)}`, { method: 'PATCH', body: { pbx_account: null } });
        if (target) await api(`/api/managers/${encodeURIComponent(target)}`, { method: 'PATCH', body: { pbx_account: item.name } });
        toast(() => target ? t('settings.mapped', { account: item.name, name: session.byId.get(target)?.name ?? target }) : t('settings.unmapped', { account: item.name }), 'success');
        loadAccounts();
      } catch (e) {
        note.textContent = errorText(e);
        note.className = 'row-note is-error';
        sync();
      }
    });
    sync();
    return h('tr', { data: { account: item.name } },
      h('td', { class: 'mono' }, item.name),
      h('td', {}, item.realName || h('span', { class: 'muted' }, '—'), item.email ? h('div', { class: 'muted small' }, item.email) : null),
      h('td', { class: 'nowrap' }, item.ext || h('span', { class: 'muted' }, '—')),
      h('td', { class: 'cell-select' }, select, suggestedBadge),
      h('td', {}, h('div', { class: 'cell-save' }, save, note)));
  }

  loadPbx();
  return () => { disposed = true; };
}

