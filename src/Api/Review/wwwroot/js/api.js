// The ContentFlows API as the page uses it: the API key from sessionStorage in the X-Api-Key header,
// errors as RFC 7807 problem details turned into sentences a reviewer can act on.
const KEY_STORAGE = 'contentflows.review.apiKey';

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

// What went wrong, for the person at the page; `what` names the thing being done ("load the queue").
export function describeError(error, what) {
  if (!(error instanceof ApiError)) return `Could not ${what}: the API did not answer (${error.message}).`;
  const detail = error.problem?.detail ? ` ${error.problem.detail}` : '';
  switch (error.status) {
    case 400: return `Could not ${what}: ${fieldErrors(error.problem) || error.message}`;
    case 401: return 'This API key is not valid (unknown or revoked). Sign in with another key.';
    case 403: return `Your key's role may not ${what}. Ask a project admin for a reviewer, editor or admin key.`;
    case 404: return `Not found: it does not exist in your project, or was removed.${detail}`;
    case 409: return `Already decided by someone else, or no longer waiting for a reviewer.${detail}`;
    case 429: return `Too many requests from this key; try again in ${error.retryAfter || 'a few'} s.`;
    default: return `Could not ${what} (HTTP ${error.status}).${detail}`;
  }
}

function fieldErrors(problem) {
  const errors = problem?.errors;
  if (!errors) return '';
  return Object.entries(errors).map(([field, messages]) => `${field} ${messages.join('; ')}`).join('. ');
}

const enc = encodeURIComponent;
export const session = () => api('/api/review/session');
export const queue = () => api('/api/approvals');
export const project = (id) => api(`/api/projects/${enc(id)}`);
export const run = (id) => api(`/api/runs/${enc(id)}`);
export const versions = (id) => api(`/api/runs/${enc(id)}/versions`);
export const decide = (id, decision) => api(`/api/runs/${enc(id)}/approval`, { method: 'POST', body: decision });
export const versionsDiff = (id, from, to) => api(`/api/runs/${enc(id)}/versions/diff?from=${enc(from)}&to=${enc(to)}`);
