// A contact's card: details, click-to-call, edit form, delete, call history with recordings.
// Also the "new contact" form (#/contacts/new?phone=…).
import { h, icon, replace } from '../dom.js';
import { t, tn, formatPhone, writtenPhone, formatDateTime, formatDateTimeFull, telHref, phoneDigits } from '../i18n.js';
import { api, errorText } from '../api.js';
import { session, managerName } from '../session.js';
import { spinner, errorBox, toast, confirmDialog, avatar } from '../ui.js';
import { callsTable } from './callrows.js';
import { callerIdPicker, chosenCallerId } from '../pbx.js';

export function mount(root, ctx) {
  if (ctx.mode === 'new') return mountNew(root, ctx);
  const id = ctx.params[0];
  let contact = null;
  let editing = false;
  let disposed = false;

  const back = h('a', { class: 'back-link', href: '#/contacts' }, icon('back'), t('contact.backToList'));
  const body = h('div', { class: 'contact-page' }, spinner());
  root.append(back, body);

  async function load({ quiet = false } = {}) {
    try {
      const data = await api(`/api/contacts/${encodeURIComponent(id)}`);
      if (disposed) return;
      contact = data;
      if (editing && quiet) { renderCalls(); return; }
      render();
    } catch (error) {
      if (disposed) return;
      if (error.status === 404) replace(body, errorBox(t('contact.notFound')));
      else if (!quiet) replace(body, errorBox(errorText(error), () => load()));
    }
  }

  const callsBox = h('section', { class: 'card calls-card', id: 'contact-calls' });

  function renderCalls() {
    const calls = contact?.calls ?? [];
    replace(callsBox,
      h('div', { class: 'card-head' }, h('h2', { class: 'card-title' }, t('contact.history')), h('span', { class: 'muted' }, tn('calls.total', calls.length))),
      calls.length
        ? callsTable(calls, { showContact: false, showPhone: (contact.phones || []).length > 1 || calls.some((c) => !(contact.phones || []).includes(c.phone)) })
        : h('p', { class: 'empty-inline muted' }, t('contact.noCalls')));
  }

  function render() {
    const c = contact;
    const head = h('div', { class: 'contact-head' },
      avatar(c.name),
      h('div', { class: 'contact-head-text' },
        h('h1', { class: 'page-title contact-title', id: 'contact-name' }, c.name),
        c.company ? h('p', { class: 'contact-company' }, c.company) : null),
      h('div', { class: 'page-actions' },
        h('button', { class: 'btn', type: 'button', id: 'contact-edit', on: { click: () => { editing = true; render(); } }, disabled: editing }, icon('edit'), t('common.edit')),
        h('button', { class: 'btn btn-danger-ghost', type: 'button', id: 'contact-delete', on: { click: onDelete } }, icon('trash'), t('common.delete'))));

    const main = editing ? editForm(c, {
      // The server leaves out null fields (e.g. responsible): take its contact as a whole.
      onSaved: (saved) => { contact = { ...saved, calls: contact.calls }; editing = false; render(); toast(() => t('contact.saved'), 'success'); },
      onCancel: () => { editing = false; render(); },
    }) : details(c);

    replace(body, head, h('div', { class: 'contact-grid' }, main, callsBox));
    renderCalls();
  }

  async function onDelete() {
    if (!(await confirmDialog(t('contact.deleteConfirm', { name: contact.name })))) return;
    try {
      await api(`/api/contacts/${encodeURIComponent(id)}`, { method: 'DELETE' });
      toast(() => t('contact.deleted', { name: contact.name }), 'success');
      location.hash = '#/contacts';
    } catch (error) {
      toast(() => errorText(error), 'error');
    }
  }

  const onHistory = (event) => {
    const call = event.detail;
    if (!contact || !call) return;
    if (String(call.contact) === String(contact.id) || (contact.phones || []).includes(call.phone)) load({ quiet: true });
  };
  window.addEventListener('crm:history', onHistory);

  load();
  return () => { disposed = true; window.removeEventListener('crm:history', onHistory); };
}

function details(c) {
  const phones = (c.phones || []).map((p) => h('li', { class: 'phone-row', data: { phone: p } },
    h('span', { class: 'phone-number' }, writtenPhone(p, c.extensions)),
    h('span', { class: 'phone-actions' },
      dialButton(p),
      h('a', { class: 'chip', href: telHref(p, c.extensions?.[p]), title: t('contact.telTitle') }, 'tel'),
      h('a', { class: 'chip', href: `sip:${phoneDigits(p)}`, title: t('contact.sipTitle') }, 'sip'))));
  return h('section', { class: 'card details-card', id: 'contact-details' },
    h('h2', { class: 'card-title' }, t('contact.details')),
    h('dl', { class: 'props' },
      h('dt', {}, t('contact.phones')),
      h('dd', {}, phones.length ? [h('ul', { class: 'phone-list' }, phones), callerIdPicker()] : h('span', { class: 'muted' }, t('contact.noPhones'))),
      h('dt', {}, t('contact.company')),
      h('dd', {}, c.company || h('span', { class: 'muted' }, '—')),
      h('dt', {}, t('contact.responsible')),
      h('dd', { id: 'contact-responsible' }, c.responsible ? h('span', { class: 'person' }, icon('user'), managerName(c.responsible)) : h('span', { class: 'muted' }, t('contact.nobody'))),
      h('dt', {}, t('contact.notes')),
      h('dd', { class: 'notes' }, c.notes ? c.notes : h('span', { class: 'muted' }, t('contact.noNotes')))),
    h('p', { class: 'muted small' },
      h('span', { title: formatDateTimeFull(c.created_at) }, t('contact.createdAt', { time: formatDateTime(c.created_at) })),
      c.updated_at && c.updated_at !== c.created_at ? h('span', { title: formatDateTimeFull(c.updated_at) }, ' · ', t('contact.updatedAt', { time: formatDateTime(c.updated_at) })) : null));
}

export function dialButton(phone) {
  const button = h('button', { class: 'btn btn-small btn-call', type: 'button', title: t('dial.title', { phone: formatPhone(phone) }), data: { phone } },
    icon('phone'), t('dial.call'));
  button.addEventListener('click', async (event) => {
    event.stopPropagation();
    button.disabled = true;
    try {
      const clid = chosenCallerId();
      const res = await api('/api/calls/dial', { method: 'POST', body: clid ? { phone: formatPhone(phone), clid } : { phone: formatPhone(phone) } });
      toast(() => t('dial.ringing', { phone: formatPhone(res?.phone || phone) }), 'success', 8000);
    } catch (error) {
      toast(() => t('dial.failed', { error: errorText(error) }), 'error', 8000);
    } finally {
      setTimeout(() => { button.disabled = false; }, 1500);
    }
  });
  return button;
}

/** The edit form (contact given) or the create form (contact null). */
function editForm(c, { onSaved, onCancel, prefillPhone = '' }) {
  const creating = !c;
  const name = h('input', { id: 'contact-form-name', name: 'name', type: 'text', required: true, value: c?.name ?? '', autocomplete: 'off' });
  const company = h('input', { id: 'contact-form-company', name: 'company', type: 'text', value: c?.company ?? '', autocomplete: 'off' });
  const phones = h('textarea', {
    id: 'contact-form-phones', name: 'phones', rows: 3, spellcheck: false,
    value: c ? (c.phones || []).map((p) => writtenPhone(p, c.extensions)).join('\n') : prefillPhone ? formatPhone(prefillPhone) : '',
    aria: { describedby: 'contact-form-phones-error' },
  });
  const phonesError = h('p', { class: 'form-error field-error', id: 'contact-form-phones-error', role: 'alert', hidden: true });
  const notes = h('textarea', { id: 'contact-form-notes', name: 'notes', rows: 5, value: c?.notes ?? '' });
  const responsible = h('select', { id: 'contact-form-responsible', name: 'responsible' },
    h('option', { value: '' }, t('contact.nobody')),
    session.managers.filter((m) => m.active !== false || m.id === c?.responsible).map((m) => h('option', { value: m.id, selected: m.id === (c ? c.responsible : session.me?.id) }, m.name)));
  if (creating && !session.managers.some((m) => m.id === session.me?.id)) responsible.value = '';
  const error = h('p', { class: 'form-error', role: 'alert', hidden: true });
  const save = h('button', { class: 'btn btn-primary', type: 'submit', id: 'contact-form-save' }, creating ? t('contact.create') : t('common.save'));

  const field = (label, control, hint, fieldError) => h('label', { class: 'field' }, h('span', { class: 'field-label' }, label), control,
    hint ? h('span', { class: 'field-hint' }, hint) : null, fieldError || null);

  const form = h('form', { class: 'card form-card', id: 'contact-form', novalidate: true },
    h('h2', { class: 'card-title' }, creating ? t('contact.newTitle') : t('contact.editTitle')),
    field(t('contact.name'), name),
    field(t('contact.company'), company),
    field(t('contact.phones'), phones, t('contact.phonesHint'), phonesError),
    field(t('contact.responsible'), responsible),
    field(t('contact.notes'), notes),
    error,
    h('div', { class: 'form-actions' },
      h('button', { class: 'btn', type: 'button', on: { click: onCancel } }, t('common.cancel')),
      save));

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.hidden = true;
    phonesError.hidden = true;
    phones.removeAttribute('aria-invalid');
    if (!name.value.trim()) {
      error.textContent = t('contact.nameRequired');
      error.hidden = false;
      name.focus();
      return;
    }
    const body = {
      name: name.value.trim(),
      company: company.value.trim(),
      notes: notes.value,
      // One number a line; a comma also separates numbers, except before an extension (`…-22, доб. 123`).
      phones: phones.value.split(/[\n;]+|,(?!\s*(?:доб|доп|ext|x|х|#))/i).map((p) => p.trim()).filter(Boolean),
      responsible: responsible.value || null,
    };
    save.disabled = true;
    try {
      const saved = creating
        ? await api('/api/contacts', { method: 'POST', body })
        : await api(`/api/contacts/${encodeURIComponent(c.id)}`, { method: 'PATCH', body });
      window.dispatchEvent(new CustomEvent('crm:contact-saved', { detail: { ...saved, responsible_name: managerName(saved.responsible) || null } }));
      onSaved(saved);
    } catch (e) {
      // The server names the phone it could not read: say so under the phones, in the UI's words.
      const bad = /^phones\[(\d+)\]$/.exec(e?.body?.field || '');
      if (bad && body.phones[Number(bad[1])] !== undefined) {
        phonesError.textContent = t('contact.phoneInvalid', { phone: body.phones[Number(bad[1])] });
        phonesError.hidden = false;
        phones.setAttribute('aria-invalid', 'true');
        phones.focus();
      } else {
        error.textContent = errorText(e);
        error.hidden = false;
      }
    } finally {
      save.disabled = false;
    }
  });
  setTimeout(() => (creating && prefillPhone ? name : name).focus(), 0);
  return form;
}

function mountNew(root, ctx) {
  const phone = ctx.query.get('phone') || '';
  root.append(
    h('a', { class: 'back-link', href: '#/contacts' }, icon('back'), t('contact.backToList')),
    h('div', { class: 'narrow' }, editForm(null, {
      prefillPhone: phone,
      onSaved: (saved) => { toast(() => t('contact.createdToast', { name: saved.name }), 'success'); location.hash = `#/contacts/${encodeURIComponent(saved.id)}`; },
      onCancel: () => history.length > 1 ? history.back() : (location.hash = '#/contacts'),
    })));
}
