// Who is logged in, and the managers everyone names everywhere.
import { api } from './api.js';
import { compareNames } from './i18n.js';

export const session = {
  me: null,
  managers: [],
  byId: new Map(),
};

export const isAdmin = () => session.me?.role === 'admin';

export async function loadManagers(force = false) {
  if (session.managers.length && !force) return session.managers;
  const data = await api('/api/managers');
  session.managers = (data?.items ?? []).slice().sort((a, b) => compareNames(String(a.name), String(b.name)));
  session.byId = new Map(session.managers.map((m) => [m.id, m]));
  return session.managers;
}

/** A manager's display name from their id, or the id itself when unknown. */
export function managerName(id) {
  if (id === null || id === undefined || id === '') return '';
  return session.byId.get(id)?.name ?? String(id);
}
