// The MiniCRM JSON API: same origin, session cookie, errors as {"error": "…"}.
import { t, serverText } from './i18n.js';

export class ApiError extends Error {
  constructor(status, message, body) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.body = body;
  }
}

let unauthorizedHandler = () => {};
export function onUnauthorized(fn) { unauthorizedHandler = fn; }

export async function api(path, { method = 'GET', body, signal, quiet401 = false } = {}) {
  const init = { method, signal, credentials: 'same-origin', headers: { Accept: 'application/json' } };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch (error) {
    if (error.name === 'AbortError') throw error;
    throw new ApiError(0, t('error.network'));
  }
  let data = null;
  const text = await response.text();
  if (text) {
    try { data = JSON.parse(text); } catch { data = null; }
  }
  if (!response.ok) {
    const message = data && typeof data.error === 'string' && data.error
      ? serverText(data.error)
      : t('error.http', { status: response.status });
    const error = new ApiError(response.status, message, data);
    if (response.status === 401 && !quiet401) unauthorizedHandler(error);
    throw error;
  }
  return data;
}

/** Query string from an object, leaving out empty values. */
export function query(params) {
  // encodeURIComponent, not URLSearchParams: the server does not read "+" as a space.
  const parts = [];
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null || v === '' || v === false) continue;
    parts.push(`${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`);
  }
  return parts.length ? `?${parts.join('&')}` : '';
}

/** Human words for any error a view may meet, in the UI's language of the moment. */
export function errorText(error) {
  if (!error) return t('error.generic');
  if (error instanceof ApiError) {
    if (error.status === 404 && !error.body) return t('error.notFound');
    if (typeof error.body?.error === 'string' && error.body.error) return serverText(error.body.error);
    return error.status ? t('error.http', { status: error.status }) : t('error.network');
  }
  return error.message || t('error.generic');
}
