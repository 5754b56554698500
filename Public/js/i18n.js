// Language, UI strings and locale-aware formatting (dates, durations, phone numbers).
import ru from '../i18n/ru.js';
import en from '../i18n/en.js';

const DICTS = { ru, en };
const STORAGE_KEY = 'minicrm.lang';
const listeners = new Set();

function initialLang() {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (saved && DICTS[saved]) return saved;
  } catch { /* storage disabled */ }
  const nav = (navigator.languages && navigator.languages[0]) || navigator.language || 'en';
  return nav.toLowerCase().startsWith('ru') ? 'ru' : 'en';
}

let lang = initialLang();
document.documentElement.lang = lang;

export const languages = () => Object.keys(DICTS);
export const currentLang = () => lang;

/** The BCP 47 locale for Intl: the browser's own when it speaks the UI language, else a default. */
export function locale() {
  const nav = navigator.language || '';
  if (nav.toLowerCase().startsWith(lang)) return nav;
  return lang === 'ru' ? 'ru-RU' : 'en-GB';
}

export function setLang(next) {
  if (!DICTS[next] || next === lang) return;
  lang = next;
  try { localStorage.setItem(STORAGE_KEY, next); } catch { /* ignore */ }
  document.documentElement.lang = next;
  cache.clear();
  for (const fn of listeners) fn(next);
}

export function onLangChange(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

/** t('contacts.title'), t('dial.ringing', {phone}) */
export function t(key, vars) {
  let text = DICTS[lang][key];
  if (text === undefined) text = DICTS.en[key];
  if (text === undefined) return key;
  if (vars) text = text.replace(/\{(\w+)\}/g, (m, name) => (vars[name] ?? m));
  return text;
}

/** Plural forms: tn('contacts.total', 5) looks up contacts.total.many (ru) / .other (en). */
export function tn(key, n, vars = {}) {
  const rule = formatter('plural', () => new Intl.PluralRules(locale())).select(n);
  const k = DICTS[lang][`${key}.${rule}`] !== undefined ? `${key}.${rule}` : `${key}.other`;
  return t(k, { n: formatNumber(n), ...vars });
}

/** A server message in words of the UI language when we know it, else as the server said it. */
export function serverText(message) {
  const key = `server.${message}`;
  return DICTS[lang][key] ?? message;
}

const cache = new Map();
function formatter(name, make) {
  let f = cache.get(name);
  if (!f) { f = make(); cache.set(name, f); }
  return f;
}

/**
 * Orders people's names as the server orders contacts, whatever the UI language: Russian
 * alphabetical order (the names are Russian), case-insensitive, ё with е, Cyrillic before Latin.
 */
export const compareNames = new Intl.Collator('ru', { sensitivity: 'base' }).compare;

export function formatNumber(n) {
  return formatter('num', () => new Intl.NumberFormat(locale())).format(n);
}

function toDate(value) {
  if (value instanceof Date) return value;
  if (value === null || value === undefined || value === '') return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d;
}

const dayStart = (d) => new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();

/** "today, 14:05" / "yesterday, 09:12" / "28 Nov, 14:05" / "28 Nov 2025, 14:05". */
export function formatDateTime(value) {
  const d = toDate(value);
  if (!d) return '';
  const now = new Date();
  const days = Math.round((dayStart(d) - dayStart(now)) / 86400000);
  const time = formatTime(d);
  if (days === 0 || days === -1) {
    const rel = formatter('rel', () => new Intl.RelativeTimeFormat(locale(), { numeric: 'auto' })).format(days, 'day');
    return `${rel}, ${time}`;
  }
  const opts = d.getFullYear() === now.getFullYear()
    ? { key: 'dm', o: { day: 'numeric', month: 'short' } }
    : { key: 'dmy', o: { day: 'numeric', month: 'short', year: 'numeric' } };
  const date = formatter(opts.key, () => new Intl.DateTimeFormat(locale(), opts.o)).format(d);
  return `${date}, ${time}`;
}

/** Full date and time, for tooltips. */
export function formatDateTimeFull(value) {
  const d = toDate(value);
  if (!d) return '';
  return formatter('full', () => new Intl.DateTimeFormat(locale(), { dateStyle: 'long', timeStyle: 'medium' })).format(d);
}

export function formatTime(value) {
  const d = toDate(value);
  if (!d) return '';
  return formatter('time', () => new Intl.DateTimeFormat(locale(), { hour: '2-digit', minute: '2-digit' })).format(d);
}

export function formatClock(value) {
  const d = toDate(value);
  if (!d) return '';
  return formatter('clock', () => new Intl.DateTimeFormat(locale(), { hour: '2-digit', minute: '2-digit', second: '2-digit' })).format(d);
}

export function formatDateLong(value) {
  const d = toDate(value);
  if (!d) return '';
  return formatter('dlong', () => new Intl.DateTimeFormat(locale(), { weekday: 'long', day: 'numeric', month: 'long' })).format(d);
}

/** 124 → "02:04", 3725 → "1:02:05". */
export function formatDuration(seconds) {
  const s = Math.max(0, Math.floor(Number(seconds) || 0));
  const two = formatter('2d', () => new Intl.NumberFormat(locale(), { minimumIntegerDigits: 2, useGrouping: false }));
  const one = formatter('1d', () => new Intl.NumberFormat(locale(), { useGrouping: false }));
  const hh = Math.floor(s / 3600);
  const mm = Math.floor((s % 3600) / 60);
  const ss = s % 60;
  return hh > 0 ? `${one.format(hh)}:${two.format(mm)}:${two.format(ss)}` : `${two.format(mm)}:${two.format(ss)}`;
}

/** Seconds since an ISO time (never negative: the server's clock may run slightly ahead). */
export function secondsSince(value) {
  const d = toDate(value);
  if (!d) return 0;
  return Math.max(0, Math.floor((Date.now() - d.getTime()) / 1000));
}

// ---- phone numbers ------------------------------------------------------------------------

// Country calling codes of one and two digits; everything else is taken as three digits.
const CC1 = new Set(['1', '7']);
const CC2 = new Set([
  '20', '27', '30', '31', '32', '33', '34', '36', '39', '40', '41', '43', '44', '45', '46', '47', '48', '49',
  '51', '52', '53', '54', '55', '56', '57', '58', '60', '61', '62', '63', '64', '65', '66', '81', '82', '84',
  '86', '90', '91', '92', '93', '94', '95', '98',
]);

function groups(digits, sizes, seps) {
  const out = [];
  let i = 0;
  for (const size of sizes) {
    if (i >= digits.length) break;
    out.push(digits.slice(i, i + size));
    i += size;
  }
  if (i < digits.length) out.push(digits.slice(i));
  return out.reduce((acc, part, idx) => (idx === 0 ? part : acc + (seps[idx - 1] ?? ' ') + part), '');
}

function splitRest(rest) {
  // Generic grouping for a national number: readable chunks, the last one of 4 when it fits.
  const n = rest.length;
  if (n <= 4) return rest;
  if (n <= 7) return `${rest.slice(0, n - 4)} ${rest.slice(n - 4)}`;
  if (n === 8) return `${rest.slice(0, 4)} ${rest.slice(4)}`;
  return `${rest.slice(0, 3)} ${rest.slice(3, 6)} ${rest.slice(6)}`;
}

function formatGerman(rest) {
  let area = 3;
  if (/^(30|40|69|89)/.test(rest)) area = 2;
  else if (/^1[5-7]/.test(rest)) area = 3;
  else if (/^(2\d1|3\d1|[4-9]\d1)/.test(rest)) area = 3;
  else area = 4;
  return `${rest.slice(0, area)} ${rest.slice(area)}`;
}

function formatUK(rest) {
  if (/^2/.test(rest)) return `${rest.slice(0, 2)} ${rest.slice(2, 6)} ${rest.slice(6)}`;
  if (/^7/.test(rest)) return `${rest.slice(0, 4)} ${rest.slice(4)}`;
  return `${rest.slice(0, 4)} ${rest.slice(4)}`;
}

/**
 * "+79101234567" → "+7 (910) 123-45-67"; "+49301234567" → "+49 30 1234567"; "+12125550123" → "+1 (212) 555-0123".
 * A value that is not an international number is shown as it is.
 */
export function formatPhone(value) {
  if (value === null || value === undefined) return '';
  const raw = String(value).trim();
  if (!raw) return '';
  const plus = raw.startsWith('+');
  const digits = raw.replace(/\D/g, '');
  if (!/^\+?[\d\s().-]+$/.test(raw) || digits.length < 8) return raw;
  let d = digits;
  if (!plus) {
    if (d.length === 11 && (d[0] === '7' || d[0] === '8')) d = `7${d.slice(1)}`;
    else if (d.length === 10 && d[0] === '9') d = `7${d}`;
    else if (d.length < 11) return raw;
  }
  if (d[0] === '7' && d.length === 11) {
    return `+7 (${d.slice(1, 4)}) ${groups(d.slice(4), [3, 2, 2], ['-', '-'])}`;
  }
  if (d[0] === '1' && d.length === 11) {
    return `+1 (${d.slice(1, 4)}) ${d.slice(4, 7)}-${d.slice(7)}`;
  }
  let cc;
  if (CC1.has(d[0])) cc = d[0];
  else if (CC2.has(d.slice(0, 2))) cc = d.slice(0, 2);
  else cc = d.slice(0, 3);
  const rest = d.slice(cc.length);
  if (cc === '49') return `+49 ${formatGerman(rest)}`;
  if (cc === '44') return `+44 ${formatUK(rest)}`;
  if (cc === '33' && rest.length === 9) return `+33 ${rest[0]} ${groups(rest.slice(1), [2, 2, 2, 2], [' ', ' ', ' '])}`;
  if (['375', '380', '374', '994', '995', '996', '998', '992', '993', '373'].includes(cc) && rest.length === 9) {
    return `+${cc} ${rest.slice(0, 2)} ${groups(rest.slice(2), [3, 2, 2], ['-', '-'])}`;
  }
  return `+${cc} ${splitRest(rest)}`;
}

/** A contact's number as written back: formatted, with its extension in the UI's words ("доб. 123"). */
export function writtenPhone(phone, extensions) {
  const ext = extensions?.[phone];
  return ext ? `${formatPhone(phone)} ${t('contact.extension', { ext })}` : formatPhone(phone);
}

/** Digits for a sip: URI and for the PBX (no "+"). */
export const phoneDigits = (value) => String(value ?? '').replace(/\D/g, '');

/** "tel:+79161234567" when the number is international, else the digits as typed; RFC 3966 `;ext=` for an extension. */
export function telHref(value, ext) {
  const raw = String(value ?? '').trim();
  const digits = phoneDigits(raw);
  if (!digits) return '';
  const extDigits = phoneDigits(ext);
  return `${raw.startsWith('+') ? `tel:+${digits}` : `tel:${digits}`}${extDigits ? `;ext=${extDigits}` : ''}`;
}
