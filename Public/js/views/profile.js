// Every manager's own page: who they are, and their password (the current one is asked first;
// their other sessions end when it changes).
import { h } from '../dom.js';
import { t } from '../i18n.js';
import { api, errorText } from '../api.js';
import { session } from '../session.js';
import { toast, pageHeader } from '../ui.js';
import { field } from './managers.js';

const MIN_PASSWORD = 8;

export function mount(root) {
  const me = session.me;
  const pw = (id, autocomplete) => h('input', { id, type: 'password', autocomplete });
  const old = pw('password-old', 'current-password');
  const next = pw('password-new', 'new-password');
  const repeat = pw('password-repeat', 'new-password');
  const error = h('p', { class: 'form-error', role: 'alert', hidden: true });
  const submit = h('button', { class: 'btn btn-primary', type: 'submit', id: 'password-save' }, t('password.change'));
  const show = (message) => { error.textContent = message; error.hidden = false; };
  const form = h('form', { class: 'pbx-form', id: 'password-form', novalidate: true },
    field(t('password.old'), old), field(t('password.new'), next, t('password.rule', { n: MIN_PASSWORD })), field(t('password.repeat'), repeat),
    error, h('div', { class: 'form-actions form-actions-start' }, submit));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.hidden = true;
    if (!old.value) return show(t('password.oldRequired'));
    if (next.value.length < MIN_PASSWORD) return show(t('password.rule', { n: MIN_PASSWORD }));
    if (next.value !== repeat.value) return show(t('password.mismatch'));
    submit.disabled = true;
    try {
      await api('/api/me/password', { method: 'POST', body: { old: old.value, new: next.value } });
      form.reset();
      toast(() => t('password.changed'), 'success', 8000);
    } catch (e) {
      show(errorText(e));
    } finally {
      submit.disabled = false;
    }
  });
  root.append(pageHeader(t('profile.title')),
    h('div', { class: 'settings-grid' },
      h('section', { class: 'card settings-card', id: 'profile' },
        h('h2', { class: 'card-title' }, me.name),
        h('dl', { class: 'profile-facts' },
          h('dt', {}, t('managers.col.login')), h('dd', { class: 'mono' }, me.login),
          h('dt', {}, t('managers.col.role')), h('dd', {}, t(`managers.role.${me.role}`)),
          h('dt', {}, t('managers.col.pbxAccount')), h('dd', { class: 'mono' }, me.pbx_account || '—'))),
      h('section', { class: 'card settings-card', id: 'password' }, h('h2', { class: 'card-title' }, t('password.title')), form)));
}
