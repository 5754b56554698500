// The admin's live board: a tile per manager with their calls right now. Built for a projector.
import { h, icon, replace } from '../dom.js';
import { t, formatPhone, formatClock, formatDateLong, formatTime } from '../i18n.js';
import { errorText } from '../api.js';
import { loadManagers, session } from '../session.js';
import { LegStore, connectStream, isMissed, callCount, RINGING, IN_CALL } from '../live.js';
import { avatar, errorBox, tick } from '../ui.js';

const MISSED_FOR = 60 * 1000;
const UNMAPPED = '\u0000unmapped';

export function mount(root) {
  const store = new LegStore();
  const missed = new Map(); // key → {leg, at}
  let managers = session.managers;
  let disposed = false;

  const clock = h('div', { class: 'board-clock' });
  const date = h('p', { class: 'board-date' });
  const stats = h('div', { class: 'board-stats' });
  const status = h('span', { class: 'live-status board-live' }, h('span', { class: 'live-dot' }), h('span', { class: 'live-label' }));
  const grid = h('div', { class: 'board-grid', id: 'board-grid' });
  const fullscreen = h('button', {
    class: 'btn btn-ghost', type: 'button', title: t('board.fullscreen'),
    on: { click: () => (document.fullscreenElement ? document.exitFullscreen() : document.documentElement.requestFullscreen?.()).catch?.(() => {}) },
  }, icon('expand'), t('board.fullscreen'));

  root.append(h('div', { class: 'board' },
    h('div', { class: 'board-head' },
      h('div', { class: 'board-titles' }, h('h1', { class: 'board-title' }, t('board.title')), date),
      stats,
      h('div', { class: 'board-side' }, clock, h('div', { class: 'board-tools' }, status, fullscreen))),
    grid));

  const paintClock = () => {
    const now = new Date();
    clock.textContent = formatClock(now);
    date.textContent = formatDateLong(now);
  };
  paintClock();
  const clockTimer = setInterval(paintClock, 1000);

  const sweep = setInterval(() => {
    const now = Date.now();
    let changed = store.expire(now).length > 0;
    for (const [key, m] of missed) if (now - m.at > MISSED_FOR) { missed.delete(key); changed = true; }
    if (changed) render();
  }, 1000);

  function tileKey(leg) {
    return leg.manager && managers.some((m) => m.id === leg.manager) ? leg.manager : UNMAPPED;
  }

  function render() {
    if (disposed) return;
    const legs = store.list();
    const byManager = new Map();
    const put = (k, item) => { if (!byManager.has(k)) byManager.set(k, []); byManager.get(k).push(item); };
    for (const leg of legs) put(tileKey(leg), { leg, kind: leg.phase === IN_CALL ? 'incall' : 'ringing' });
    const now = Date.now();
    for (const m of [...missed.values()].sort((a, b) => b.at - a.at)) put(tileKey(m.leg), { leg: m.leg, kind: 'missed', age: now - m.at });

    // Calls, not legs: a ring-group call rings several phones at once.
    const ringing = callCount(legs.filter((l) => l.phase === RINGING));
    const inCall = callCount(legs.filter((l) => l.phase === IN_CALL));
    replace(stats,
      stat('ringing', ringing, t('board.statRinging')),
      stat('incall', inCall, t('board.statInCall')),
      stat('missed', callCount([...missed.values()].map((m) => m.leg)), t('board.statMissed')));

    // A tile for everyone who takes calls; an admin only while a call of theirs is on the board.
    const tiles = managers.filter((m) => m.active !== false && (m.role !== 'admin' || byManager.has(m.id)))
      .map((m) => tile(m.id, m.name, byManager.get(m.id) || []));
    if (byManager.has(UNMAPPED)) tiles.push(tile(UNMAPPED, t('board.unmapped'), byManager.get(UNMAPPED)));
    if (!tiles.length) replace(grid, h('p', { class: 'muted' }, t('board.noManagers')));
    else replace(grid, tiles);
    tick(grid);
  }

  function stat(kind, n, label) {
    return h('div', { class: ['stat', `stat-${kind}`, n ? 'has' : ''] }, h('span', { class: 'stat-n' }, String(n)), h('span', { class: 'stat-label' }, label));
  }

  function tile(id, name, items) {
    const state = items.some((i) => i.kind === 'incall') ? 'incall' : items.some((i) => i.kind === 'ringing') ? 'ringing' : 'idle';
    return h('section', { class: ['tile', `tile-${state}`], data: { manager: id === UNMAPPED ? '' : id, state } },
      h('header', { class: 'tile-head' },
        avatar(name),
        h('span', { class: 'tile-title' },
          h('span', { class: 'tile-name' }, name),
          h('span', { class: 'tile-state' }, t(`board.state.${state}`)))),
      items.length
        ? h('ul', { class: 'tile-calls' }, items.map(callItem))
        : h('p', { class: 'tile-empty' }, t('board.noCalls')));
  }

  function callItem({ leg, kind, age }) {
    const who = leg.contact?.name || formatPhone(leg.phone);
    const sub = [tileKey(leg) === UNMAPPED ? leg.user : '', leg.contact ? formatPhone(leg.phone) : t('popup.unknown'), leg.contact?.company, leg.group].filter(Boolean).join(' · ');
    const outgoing = leg.direction === 'out' || leg.state === 'OUTGOING';
    const li = h('li', { class: ['tile-call', `is-${kind}`], data: { callid: leg.callid, user: leg.user, state: leg.state } },
      h('span', { class: 'tile-call-icon' }, icon(kind === 'missed' ? 'missed' : outgoing ? 'out' : 'phone')),
      h('span', { class: 'tile-call-text' },
        h('span', { class: 'tile-call-name' }, who),
        h('span', { class: 'tile-call-sub' }, kind === 'missed' ? `${t('board.missedAt', { time: formatTime(leg.started_at) })} · ${sub}` : sub)),
      kind === 'incall'
        ? h('span', { class: 'tile-call-timer', data: { since: leg.answered_at } }, '00:00')
        : kind === 'ringing'
          ? h('span', { class: 'tile-call-ringtime', data: { since: leg.started_at }, title: outgoing ? t('board.dialing') : t('board.ringing') }, '00:00')
          : null);
    if (kind === 'missed') li.style.animationDelay = `-${Math.round((age || 0) / 1000)}s`;
    return li;
  }

  const stream = connectStream('/api/stream?all=1', {
    onCall: (msg) => {
      const change = store.apply(msg);
      if (!change) return;
      const { kind, leg } = change;
      if (kind === 'closed' || kind === 'corrected') {
        if (!isMissed(leg)) missed.delete(leg.key);
        else if (!missed.has(leg.key)) missed.set(leg.key, { leg, at: Date.now() });
      }
      render();
    },
    onSnapshot: (openKeys, reasons) => {
      const gone = store.retainOnly(openKeys).length;
      const corrected = store.correct(reasons);
      for (const leg of corrected) if (!isMissed(leg)) missed.delete(leg.key);
      if (gone || corrected.length) render();
    },
    onStatus: (s) => {
      status.dataset.status = s;
      status.lastChild.textContent = t(`live.${s}`);
    },
  });

  loadManagers(true).then((list) => { managers = list; render(); }).catch((error) => {
    replace(grid, errorBox(errorText(error)));
  });
  render();

  return () => {
    disposed = true;
    stream.close();
    clearInterval(clockTimer);
    clearInterval(sweep);
  };
}

