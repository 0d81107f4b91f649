// The ContentFlows API as the console uses it: the key from sessionStorage in the X-Api-Key header, errors as
// RFC 7807 problem details turned into sentences an operator can act on.
const KEY_STORAGE = 'contentflows.console.apiKey';

export const apiKey = () => sessionStorage.getItem(KEY_STORAGE) || '';
export const setApiKey = (key) => (key ? sessionStorage.setItem(KEY_STORAGE, key) : sessionStorage.removeItem(KEY_STORAGE));

export class ApiError extends Error {
  constructor(status, problem, retryAfter) {
    super(problem?.detail || problem?.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
    this.retryAfter = retryAfter;
  }
}

export async function api(path, { method = 'GET', body, signal } = {}) {
  const headers = { Accept: 'application/json', 'X-Api-Key': apiKey() };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(path, { method, signal, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch { json = null; }
  if (!response.ok) throw new ApiError(response.status, json, response.headers.get('Retry-After'));
  return json;
}

// What went wrong, for the person at the page; `what` names the thing being done ("load the runs").
export function describeError(error, what) {
  if (!(error instanceof ApiError)) return `Could not ${what}: the API did not answer (${error.message}).`;
  const detail = error.problem?.detail ? ` ${error.problem.detail}` : '';
  switch (error.status) {
    case 400: return `Could not ${what}: ${fieldErrors(error.problem) || error.message}`;
    case 401: return 'This API key is not valid (unknown or revoked). Sign in with another key.';
    case 403: return `Your key's role may not ${what}. Ask a project admin for an editor or admin key.`;
    case 404: return `Not found: it does not exist in your project, or was removed.${detail}`;
    case 409: return `Could not ${what}: ${error.problem?.title || 'conflict'}.${detail}`;
    case 429: return `Too many requests from this key; try again in ${error.retryAfter || 'a few'} s.`;
    default: return `Could not ${what} (HTTP ${error.status}).${detail}`;
  }
}

export function fieldErrors(problem) {
  const errors = problem?.errors;
  if (!errors) return '';
  return Object.entries(errors).map(([field, messages]) => `${field}: ${messages.join('; ')}`).join(' ');
}

const enc = encodeURIComponent;
const query = (params) => {
  const pairs = Object.entries(params).filter(([, v]) => v !== undefined && v !== null && v !== '');
  return pairs.length ? '?' + pairs.map(([k, v]) => `${enc(k)}=${enc(v)}`).join('&') : '';
};
export const session = () => api('/api/console/session');
export const searchRuns = (filters) => api('/api/runs/search' + query(filters));
export const run = (id) => api(`/api/runs/${enc(id)}`);
export const runCosts = (id) => api(`/api/runs/${enc(id)}/costs`);
export const versions = (id) => api(`/api/runs/${enc(id)}/versions`);
export const versionsDiff = (id, from, to) => api(`/api/runs/${enc(id)}/versions/diff${query({ from, to })}`);
export const startRun = (body) => api('/api/runs', { method: 'POST', body });
export const cancelRun = (id) => api(`/api/runs/${enc(id)}/cancel`, { method: 'POST' });
export const decide = (id, decision) => api(`/api/runs/${enc(id)}/approval`, { method: 'POST', body: decision });
export const stageTypes = () => api('/api/stage-types');
export const definitions = (cursor) => api('/api/definitions' + query({ limit: 200, cursor }));
export const definition = (id, version) => api(version ? `/api/definitions/${enc(id)}/versions/${enc(version)}` : `/api/definitions/${enc(id)}`);
export const definitionVersions = (id) => api(`/api/definitions/${enc(id)}/versions`);
export const activateVersion = (id, version) => api(`/api/definitions/${enc(id)}/versions/${enc(version)}/activate`, { method: 'POST' });
export const validateStages = (stages) => api('/api/definitions/validate', { method: 'POST', body: { stages } });
export const saveDefinition = (name, stages) => api('/api/definitions', { method: 'POST', body: { name, stages } });
export const projectCosts = (projectId, from, to) => api(`/api/projects/${enc(projectId)}/costs${query({ from, to })}`);

// Every definition of the project (each version is a row), paged through: projects have tens, not thousands.
export async function allDefinitions() {
  const rows = [];
  let cursor;
  do {
    const page = await definitions(cursor);
    rows.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return rows;
}
