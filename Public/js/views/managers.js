// Admin page: the managers — list, create, edit (name, login, role, PBX account), deactivate and
// reactivate, reset a password. A deactivated manager is signed out everywhere at once.
import { h, replace } from '../dom.js';
import { t } from '../i18n.js';
import { api, errorText } from '../api.js';
import { loadManagers, session } from '../session.js';
import { spinner, errorBox, toast, confirmDialog, pageHeader } from '../ui.js';

const MIN_PASSWORD = 8;

export function mount(root) {
  let disposed = false;
  const box = h('section', { class: 'card', id: 'managers' }, spinner());
  const create = h('button', { class: 'btn btn-primary', type: 'button', id: 'manager-new', on: { click: () => editDialog(null) } }, t('managers.new'));
  root.append(pageHeader(t('managers.title'), create), box);

  async function load() {
    try {
      const managers = await loadManagers(true);
      if (!disposed) render(managers);
    } catch (error) {
      if (!disposed) replace(box, errorBox(errorText(error), load));
    }
  }

  function render(managers) {
    replace(box, h('div', { class: 'table-wrap' }, h('table', { class: 'table managers-table', id: 'managers-table' },
      h('thead', {}, h('tr', {},
        ['name', 'login', 'role', 'pbxAccount', 'status'].map((col) => h('th', { scope: 'col' }, t(`managers.col.${col}`))),
        h('th', { scope: 'col' }, h('span', { class: 'sr-only' }, t('managers.col.actions'))))),
      h('tbody', {}, managers.map(row)))));
  }

  function row(m) {
    const self = m.id === session.me?.id;
    const action = (label, cls, onClick, id) => h('button', { class: ['btn', 'btn-small', cls], type: 'button', data: { action: id }, on: { click: onClick } }, label);
    return h('tr', { data: { manager: m.id }, class: m.active ? '' : 'is-inactive' },
      h('td', {}, m.name),
      h('td', { class: 'mono' }, m.login),
      h('td', {}, m.role === 'admin' ? h('span', { class: 'badge badge-accent' }, t('role.admin')) : t('managers.role.manager')),
      h('td', { class: 'mono' }, m.pbx_account || h('span', { class: 'muted' }, '—')),
      h('td', {}, h('span', { class: ['badge', m.active ? 'badge-ok' : 'badge-muted'] }, t(m.active ? 'managers.active' : 'managers.inactive'))),
      h('td', {}, h('div', { class: 'row-actions' },
        action(t('common.edit'), 'btn-ghost', () => editDialog(m), 'edit'),
        self ? null : action(t('managers.resetPassword'), 'btn-ghost', () => passwordDialog(m), 'password'),
        self ? null : m.active
          ? action(t('managers.deactivate'), 'btn-danger-ghost', () => setActive(m, false), 'deactivate')
          : action(t('managers.reactivate'), 'btn-ghost', () => setActive(m, true), 'reactivate'))));
  }

  async function setActive(m, active) {
    if (!active && !(await confirmDialog(t('managers.deactivateConfirm', { name: m.name }), { confirm: t('managers.deactivate') }))) return;
    try {
      await api(`/api/managers/${encodeURIComponent(m.id)}`, { method: 'PATCH', body: { active } });
      toast(() => t(active ? 'managers.reactivated' : 'managers.deactivated', { name: m.name }), 'success');
      load();
    } catch (error) {
      toast(errorText(error), 'error');
    }
  }

  function editDialog(m) {
    const isNew = !m;
    const self = m?.id === session.me?.id;
    const input = (id, value, attrs = {}) => h('input', { id, value: value ?? '', spellcheck: false, autocomplete: 'off', ...attrs });
    const name = input('manager-name', m?.name);
    const login = input('manager-login', m?.login);
    const pbx = input('manager-pbx', m?.pbx_account);
    const password = isNew ? input('manager-password', '', { type: 'password', autocomplete: 'new-password' }) : null;
    const role = h('select', { id: 'manager-role', disabled: self },
      ['manager', 'admin'].map((r) => h('option', { value: r, selected: (m?.role ?? 'manager') === r }, t(`managers.role.${r}`))));
    formDialog(isNew ? t('managers.newTitle') : t('managers.editTitle', { name: m.name }), [
      field(t('managers.col.name'), name), field(t('managers.col.login'), login),
      field(t('managers.col.role'), role), field(t('managers.col.pbxAccount'), pbx, t('managers.pbxHint')),
      password ? field(t('managers.password'), password, t('password.rule', { n: MIN_PASSWORD })) : null,
    ], async () => {
      if (password && password.value.length < MIN_PASSWORD) throw new Error(t('password.rule', { n: MIN_PASSWORD }));
      const body = { name: name.value.trim(), login: login.value.trim(), pbx_account: pbx.value.trim() || null };
      if (!self) body.role = role.value;
      if (isNew) {
        body.password = password.value;
        await api('/api/managers', { method: 'POST', body });
      } else {
        await api(`/api/managers/${encodeURIComponent(m.id)}`, { method: 'PATCH', body });
      }
      toast(() => t(isNew ? 'managers.created' : 'managers.saved', { name: body.name }), 'success');
      load();
    });
  }

  function passwordDialog(m) {
    const password = h('input', { id: 'manager-new-password', type: 'password', autocomplete: 'new-password' });
    formDialog(t('managers.resetTitle', { name: m.name }), [field(t('managers.password'), password, t('managers.resetHint', { n: MIN_PASSWORD }))], async () => {
      if (password.value.length < MIN_PASSWORD) throw new Error(t('password.rule', { n: MIN_PASSWORD }));
      await api(`/api/managers/${encodeURIComponent(m.id)}`, { method: 'PATCH', body: { password: password.value } });
      toast(() => t('managers.passwordReset', { name: m.name }), 'success');
    });
  }

  load();
  return () => { disposed = true; };
}

export function field(label, control, hint) {
  return h('label', { class: 'field' }, h('span', { class: 'field-label' }, label), control, hint ? h('span', { class: 'field-hint' }, hint) : null);
}

/** A modal form; `submit` may throw, and its message is shown in the form. */
function formDialog(title, fields, submit) {
  const error = h('p', { class: 'form-error', role: 'alert', hidden: true });
  const save = h('button', { class: 'btn btn-primary', type: 'submit', id: 'dialog-save' }, t('common.save'));
  const cancel = h('button', { class: 'btn', type: 'button' }, t('common.cancel'));
  const form = h('form', { class: 'dialog-body dialog-form', novalidate: true },
    h('h2', { class: 'card-title' }, title), fields, error, h('div', { class: 'dialog-actions' }, cancel, save));
  const dialog = h('dialog', { class: 'dialog dialog-wide' }, form);
  cancel.addEventListener('click', () => dialog.close());
  dialog.addEventListener('close', () => dialog.remove());
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.hidden = true;
    save.disabled = true;
    try {
      await submit();
      dialog.close();
    } catch (e) {
      error.textContent = errorText(e);
      error.hidden = false;
    } finally {
      save.disabled = false;
    }
  });
  document.body.append(dialog);
  dialog.showModal();
}
