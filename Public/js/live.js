// The live view of call legs from /api/stream.
//
// A leg is keyed by (callid, user) and only moves forward:
// ringing (INCOMING/OUTGOING) < in call (ACCEPTED) < closed (COMPLETED/CANCELLED/TRANSFERRED).
// A repeated or late message from an earlier phase changes nothing, and nothing reopens a closed leg.
// A closed leg's `reason` is the server's word on why it ended (completed, answered_elsewhere, missed,
// unanswered); the server corrects it with a new message when later events show it was wrong.

export const PHASE = { INCOMING: 0, OUTGOING: 0, ACCEPTED: 1, COMPLETED: 2, CANCELLED: 2, TRANSFERRED: 2 };
export const RINGING = 0;
export const IN_CALL = 1;
export const CLOSED = 2;

export const legKey = (callid, user) => `${callid}\u001f${user}`;

const MAX_CLOSED = 2000;
const RINGING_TTL = 10 * 60 * 1000;   // a ringing leg nobody closed (lost event) goes away after 10 min
const IN_CALL_TTL = 12 * 3600 * 1000;

export class LegStore {
  constructor() {
    this.legs = new Map();
    this.closed = new Map(); // key → the closed leg, oldest first
  }

  /**
   * Applies one `event: call` message.
   * Returns null when it changes nothing, else {kind: 'opened'|'advanced'|'updated'|'closed'|'corrected', leg, previous}.
   */
  apply(msg) {
    if (!msg || typeof msg.callid !== 'string' || msg.user === undefined) return null;
    const state = String(msg.state || '').toUpperCase();
    const phase = PHASE[state];
    if (phase === undefined) return null;
    const key = legKey(msg.callid, msg.user);
    const ended = this.closed.get(key);
    if (ended) {
      if (phase !== CLOSED || !msg.reason || msg.reason === ended.reason) return null;
      const leg = { ...ended, reason: msg.reason };
      this.closed.set(key, leg);
      return { kind: 'corrected', leg, previous: ended };
    }
    const previous = this.legs.get(key) || null;
    if (previous && phase < previous.phase) return null;
    const leg = {
      ...(previous || {}),
      ...stripNulls(msg),
      key,
      state: phase === previous?.phase ? previous.state : state,
      phase,
      receivedAt: Date.now(),
    };
    if (phase === IN_CALL && !leg.answered_at) leg.answered_at = previous?.answered_at || msg.time || new Date().toISOString();
    if (!leg.started_at) leg.started_at = msg.time || new Date().toISOString();
    if (previous?.contact && !msg.contact) leg.contact = previous.contact;
    if (phase === CLOSED) {
      this.legs.delete(key);
      this.closed.set(key, leg);
      if (this.closed.size > MAX_CLOSED) this.closed.delete(this.closed.keys().next().value);
      return { kind: 'closed', leg, previous };
    }
    this.legs.set(key, leg);
    if (!previous) return { kind: 'opened', leg, previous };
    return { kind: phase > previous.phase ? 'advanced' : 'updated', leg, previous };
  }

  /** Legs whose closing event was evidently lost. */
  expire(now = Date.now()) {
    const gone = [];
    for (const leg of this.legs.values()) {
      const ttl = leg.phase === RINGING ? RINGING_TTL : IN_CALL_TTL;
      if (now - leg.receivedAt > ttl) gone.push(leg);
    }
    for (const leg of gone) this.legs.delete(leg.key);
    return gone;
  }

  /** Takes the reasons a fresh stream's snapshot gives for legs closed lately; returns the legs it corrected. */
  correct(reasons) {
    const corrected = [];
    for (const [key, reason] of reasons) {
      const ended = this.closed.get(key);
      if (ended && ended.reason !== reason) {
        ended.reason = reason;
        corrected.push(ended);
      }
    }
    return corrected;
  }

  /** Forgets open legs that are not in `openKeys` (they ended unseen); returns them. */
  retainOnly(openKeys) {
    const gone = [...this.legs.values()].filter((leg) => !openKeys.has(leg.key));
    for (const leg of gone) this.legs.delete(leg.key);
    return gone;
  }

  /** Open legs, newest first. */
  list() {
    return [...this.legs.values()].sort((a, b) => startMs(b) - startMs(a));
  }
}

/** A closed leg nobody answered: what the missed-calls tray and the board count. */
export const isMissed = (leg) => leg.reason === 'missed';

/** How many calls (not legs: one ring-group call rings several phones) `legs` belong to. */
export const callCount = (legs) => new Set([...legs].map((leg) => leg.callid)).size;

export const startMs = (leg) => Date.parse(leg.started_at || leg.time || '') || leg.receivedAt || 0;

function stripNulls(msg) {
  const out = {};
  for (const [k, v] of Object.entries(msg)) if (v !== null && v !== undefined) out[k] = v;
  return out;
}

/**
 * An EventSource on `url` that parses `call` and `history` messages, reports its status and,
 * if the browser gives up on it (e.g. the server answered an error), reopens it with a backoff.
 * An `end` message (`signed_out`, `too_many_streams`) closes it for good and goes to `onEnd`.
 */
export function connectStream(url, { onCall, onHistory, onSnapshot, onStatus, onFresh, onGone, onEnd }) {
  let source = null;
  let closed = false;
  let retryTimer = 0;
  let backoff = 2000;
  let opens = 0;

  const open = () => {
    if (closed) return;
    onStatus?.('connecting');
    source = new EventSource(url, { withCredentials: true });
    source.addEventListener('open', () => {
      backoff = 2000;
      opens += 1;
      onStatus?.('open');
      if (opens > 1) onFresh?.(); // a reconnect: the server replays what the client may have missed
    });
    source.addEventListener('call', (event) => {
      const data = parse(event.data);
      if (data) onCall?.(data, event);
    });
    // After a fresh connection's replay: the legs still open. Anything else shown ended while we were away.
    // `closed`: why the legs that closed lately ended, for a tab that may have missed a correction.
    source.addEventListener('snapshot', (event) => {
      const data = parse(event.data);
      if (!data || !Array.isArray(data.open)) return;
      const reasons = new Map((Array.isArray(data.closed) ? data.closed : []).map((leg) => [legKey(leg.callid, leg.user), leg.reason]));
      onSnapshot?.(new Set(data.open.map((leg) => legKey(leg.callid, leg.user))), reasons);
    });
    source.addEventListener('history', (event) => {
      const data = parse(event.data);
      if (data) onHistory?.(data, event);
    });
    // The server ended the stream on purpose (the session ended, or a newer tab took its place):
    // reconnecting as if the network had dropped would be wrong.
    source.addEventListener('end', (event) => {
      closed = true;
      clearTimeout(retryTimer);
      source?.close();
      source = null;
      onEnd?.(parse(event.data)?.reason || 'signed_out');
    });
    source.addEventListener('error', () => {
      if (closed) return;
      if (source.readyState === EventSource.CLOSED) {
        // The browser will not retry by itself (HTTP error, wrong content type): we do.
        onStatus?.('offline');
        source = null;
        onGone?.();
        clearTimeout(retryTimer);
        retryTimer = setTimeout(open, backoff);
        backoff = Math.min(backoff * 2, 30000);
      } else {
        onStatus?.('connecting');
      }
    });
  };

  open();
  return {
    close() {
      closed = true;
      clearTimeout(retryTimer);
      source?.close();
      source = null;
    },
  };
}

function parse(text) {
  try { return JSON.parse(text); } catch { return null; }
}
