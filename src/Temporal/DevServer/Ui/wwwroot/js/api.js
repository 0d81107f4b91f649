// The dev server's UI API (/api/v1); errors arrive as ProblemDetails.
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

export async function api(path, { method = 'GET', body, signal } = {}) {
  const response = await fetch(`/api/v1${path}`, {
    method,
    signal,
    headers: body === undefined ? { Accept: 'application/json' } : { Accept: 'application/json', 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch { json = null; }
  if (!response.ok) throw new ApiError(response.status, json);
  return json ?? {};
}

const enc = encodeURIComponent;
export const runPath = (ns, workflowId, runId) => `/namespaces/${enc(ns)}/workflows/${enc(workflowId)}/runs/${enc(runId || 'latest')}`;
export const uiRunUrl = (ns, workflowId, runId) => `/namespaces/${enc(ns)}/workflows/${enc(workflowId)}${runId ? `/${enc(runId)}` : ''}`;
export const uiListUrl = (ns) => `/namespaces/${enc(ns)}/workflows`;
