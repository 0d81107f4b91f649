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

// `raw` sends a file as it is (with its content type); `ifMatch` guards a change against a stale version; `withETag`
// returns { body, etag } for reads whose version matters.
export async function api(path, { method = 'GET', body, raw, contentType, ifMatch, withETag, signal } = {}) {
  const headers = { Accept: 'application/json', 'X-Api-Key': apiKey() };
  if (body !== undefined) headers['Content-Type'] = contentType || 'application/json';
  if (raw !== undefined) headers['Content-Type'] = contentType;
  if (ifMatch !== undefined) headers['If-Match'] = `"${ifMatch}"`;
  const payload = raw !== undefined ? raw : body === undefined ? undefined : JSON.stringify(body);
  const response = await fetch(path, { method, signal, headers, body: payload });
  const text = await response.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch { json = null; }
  if (!response.ok) throw new ApiError(response.status, json, response.headers.get('Retry-After'));
  return withETag ? { body: json, etag: (response.headers.get('ETag') || '').replaceAll('"', '') } : json;
}

// A file the API streams (an export), fetched with the key and handed to the browser as a download.
export async function download(path, fallbackName) {
  const response = await fetch(path, { headers: { 'X-Api-Key': apiKey() } });
  if (!response.ok) {
    let problem = null;
    try { problem = await response.json(); } catch { problem = null; }
    throw new ApiError(response.status, problem, response.headers.get('Retry-After'));
  }
  const disposition = response.headers.get('Content-Disposition') || '';
  const name = /filename="?([^";]+)"?/.exec(disposition)?.[1] || fallbackName;
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return name;
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
export const datasets = () => api('/api/datasets');
export const uploadDataset = (name, file, format) => api(`/api/datasets${query({ name, format })}`, { method: 'POST', raw: file, contentType: format === 'jsonl' ? 'application/jsonl' : 'text/csv' });
export const batches = () => api('/api/batches');
export const batch = (id) => api(`/api/batches/${enc(id)}`);
export const batchItems = (id, filters) => api(`/api/batches/${enc(id)}/items${query(filters)}`);
export const startBatch = (body) => api('/api/batches', { method: 'POST', body });
export const batchAction = (id, action) => api(`/api/batches/${enc(id)}/${action}`, { method: 'POST' });
export const exportBatch = (id, format) => download(`/api/batches/${enc(id)}/results${query({ format })}`, `batch-${id}.${format}`);
export const retryRun = (id) => api(`/api/runs/${enc(id)}/retry`, { method: 'POST' });
export const costBudget = () => api('/api/costs/budget');
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
