// Contacts: search as you type, paged list.
import { h, icon, replace, debounce } from '../dom.js';
import { t, tn, writtenPhone, formatNumber } from '../i18n.js';
import { api, query, errorText } from '../api.js';
import { managerName } from '../session.js';
import { pager, spinner, errorBox, emptyState, pageHeader, avatar } from '../ui.js';

const PAGE = 25;

export function mount(root, ctx) {
  let q = ctx.query.get('q') || '';
  let offset = Math.max(0, parseInt(ctx.query.get('offset') || '0', 10) || 0);
  let controller = null;

  const search = h('input', {
    id: 'contacts-search', type: 'search', class: 'search-input', value: q, placeholder: t('contacts.search'),
    autocomplete: 'off', spellcheck: false, aria: { label: t('contacts.search') },
  });
  const count = h('span', { class: 'muted count' });
  const list = h('div', { class: 'card list-card' }, spinner());

  root.append(
    pageHeader(t('contacts.title'),
      h('a', { class: 'btn btn-primary', href: '#/contacts/new', id: 'contacts-new' }, icon('plus'), t('contacts.new'))),
    h('div', { class: 'toolbar' }, h('label', { class: 'search' }, icon('search'), search), count),
    list);

  async function load() {
    controller?.abort();
    controller = new AbortController();
    const { signal } = controller;
    ctx.setQuery({ q, offset: offset || '' });
    list.classList.add('is-busy');
    try {
      const data = await api(`/api/contacts${query({ q, limit: PAGE, offset })}`, { signal });
      if (signal.aborted) return;
      render(data);
    } catch (error) {
      if (error.name === 'AbortError') return;
      replace(list, errorBox(errorText(error), load));
    } finally {
      if (!signal.aborted) list.classList.remove('is-busy');
    }
  }

  function render(data) {
    const items = data?.items ?? [];
    const total = data?.total ?? items.length;
    // A one- or two-letter search over a big database counts only so far: "1 000+ contacts".
    const exact = data?.total_exact !== false;
    count.textContent = tn('contacts.total', total, exact ? {} : { n: `${formatNumber(total)}+` });
    if (!items.length) {
      replace(list, q
        ? emptyState(t('contacts.nothingFound', { q }), t('contacts.nothingFoundHint'))
        : emptyState(t('contacts.empty'), null, h('a', { class: 'btn btn-primary', href: '#/contacts/new' }, t('contacts.new'))));
      return;
    }
    const rows = items.map((c) => {
      const href = `#/contacts/${encodeURIComponent(c.id)}`;
      return h('tr', { class: 'row-link', data: { id: c.id }, on: { click: (e) => { if (!e.target.closest('a')) location.hash = href; } } },
        h('td', { class: 'cell-name' }, h('a', { href, class: 'contact-link' }, avatar(c.name),
          h('span', { class: 'contact-name-wrap' },
            h('span', { class: 'contact-name' }, c.name),
            h('span', { class: 'mobile-only cell-sub' }, [c.company, c.responsible ? managerName(c.responsible) : ''].filter(Boolean).join(' · '))))),
        h('td', { class: 'cell-company' }, c.company || h('span', { class: 'muted' }, '—')),
        h('td', { class: 'cell-phones' }, (c.phones || []).map((p) => h('div', { class: 'phone nowrap' }, writtenPhone(p, c.extensions)))),
        h('td', { class: 'cell-resp' }, c.responsible ? managerName(c.responsible) : h('span', { class: 'muted' }, '—')));
    });
    replace(list,
      h('div', { class: 'table-wrap' },
        h('table', { class: 'table', id: 'contacts-table' },
          h('thead', {}, h('tr', {},
            h('th', { scope: 'col' }, t('contacts.col.name')),
            h('th', { scope: 'col' }, t('contacts.col.company')),
            h('th', { scope: 'col' }, t('contacts.col.phones')),
            h('th', { scope: 'col' }, t('contacts.col.responsible')))),
          h('tbody', {}, rows))),
      pager({ offset, limit: PAGE, total, exact, shown: items.length, onPage: (o) => { offset = o; load(); window.scrollTo({ top: 0 }); } }));
  }

  const onType = debounce(() => {
    if (search.value.trim() === q) return;
    q = search.value.trim();
    offset = 0;
    load();
  }, 150);
  search.addEventListener('input', onType);
  search.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') { onType.cancel(); q = search.value.trim(); offset = 0; load(); }
  });

  load();
  setTimeout(() => search.focus(), 0);
  return () => { onType.cancel(); controller?.abort(); };
}
