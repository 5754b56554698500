// Sign-in page.
import { h, icon } from '../dom.js';
import { t, setLang, currentLang, languages } from '../i18n.js';
import { api, errorText } from '../api.js';

export function mount(root, ctx) {
  const login = h('input', { id: 'login-login', name: 'login', type: 'text', autocomplete: 'username', required: true, autofocus: true, spellcheck: false, attrs: { autocapitalize: 'none' } });
  const password = h('input', { id: 'login-password', name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const error = h('p', { class: 'form-error', id: 'login-error', role: 'alert', hidden: true });
  const submit = h('button', { class: 'btn btn-primary btn-block', type: 'submit', id: 'login-submit' }, t('login.submit'));

  const form = h('form', { class: 'login-form', id: 'login-form', novalidate: true, on: { submit: onSubmit } },
    h('label', { class: 'field' }, h('span', { class: 'field-label' }, t('login.login')), login),
    h('label', { class: 'field' }, h('span', { class: 'field-label' }, t('login.password')), password),
    error,
    submit);

  // Demo logins, only where the server says they are true (a demo, or seeded passwords unchanged).
  const hint = h('p', { class: 'login-hint', id: 'login-hint', hidden: true });
  api('/api/demo-logins', { quiet401: true }).then((data) => {
    const logins = (data?.items ?? []).filter((item) => item && typeof item.login === 'string' && typeof item.password === 'string');
    if (!logins.length) return;
    hint.append(t('login.hint'), ' ', ...logins.flatMap((item, i) => [i ? ', ' : '', h('code', {}, `${item.login} / ${item.password}`)]));
    hint.hidden = false;
  }).catch(() => { /* no hints: nothing to show */ });

  async function onSubmit(event) {
    event.preventDefault();
    error.hidden = true;
    if (!login.value.trim() || !password.value) {
      error.textContent = t('login.fillBoth');
      error.hidden = false;
      return;
    }
    submit.disabled = true;
    submit.textContent = t('login.signingIn');
    try {
      const me = await api('/api/login', { method: 'POST', body: { login: login.value.trim(), password: password.value }, quiet401: true });
      await ctx.onLogin(me);
    } catch (e) {
      error.textContent = errorText(e);
      error.hidden = false;
      submit.disabled = false;
      submit.textContent = t('login.submit');
      password.select();
    }
  }

  root.append(h('div', { class: 'login-page' },
    h('div', { class: 'login-card' },
      h('div', { class: 'login-brand' }, h('span', { class: 'brand-mark brand-mark-lg' }, icon('phone')), h('span', { class: 'login-title' }, t('app.name'))),
      h('p', { class: 'login-subtitle muted' }, t('login.subtitle')),
      form,
      hint,
      h('div', { class: 'lang-switch lang-switch-center', role: 'group', aria: { label: t('header.language') } },
        languages().map((code) => h('button', {
          type: 'button', class: 'lang-btn', lang: code, aria: { pressed: code === currentLang() ? 'true' : 'false' },
          on: { click: () => setLang(code) },
        }, t(`lang.${code}`)))))));
  setTimeout(() => login.focus(), 0);
}
