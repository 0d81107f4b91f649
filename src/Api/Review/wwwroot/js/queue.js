// The approval queue across the project's runs: one row per run waiting for a reviewer.
import { h, relativeTime, shortId } from './dom.js';

export function renderQueue(panel, items, selectedRunId, onSelect) {
  const head = h('div', { class: 'panel-head' },
    h('h2', { id: 'queue-title' }, 'Approval queue ', h('span', { class: 'count', 'data-testid': 'queue-count' }, `${items.length}`)));
  if (items.length === 0) {
    panel.replaceChildren(head, h('p', { class: 'empty', 'data-testid': 'queue-empty' }, 'Nothing is waiting for a reviewer.'));
    return;
  }
  const rows = items.map((item) => {
    const selected = item.runId === selectedRunId;
    return h('tr', { class: selected ? 'selected' : '', 'data-run-id': item.runId, 'aria-current': selected ? 'true' : false },
      h('td', { class: 'wrap' },
        h('button', { type: 'button', class: 'link-button', 'data-testid': 'queue-open', onclick: () => onSelect(item.runId) },
          item.title || item.topic),
        h('div', { class: 'sub' }, item.topic, ' · ', item.channel, ' · ',
          h('span', { class: 'lang-tag', 'data-testid': 'queue-language' }, item.language),
          item.sourceVersion ? h('span', { class: 'muted' }, ` translation of v${item.sourceVersion}`) : null)),
      h('td', { class: 'mono', title: item.runId }, shortId(item.runId), item.currentVersion ? h('span', { class: 'muted' }, ` v${item.currentVersion}`) : null),
      h('td', { class: 'num' }, scoreBadge(item.score, item.gatePassed ?? undefined)),
      h('td', { title: new Date(item.waitingSince).toLocaleString() }, relativeTime(item.waitingSince)),
      h('td', { 'data-testid': 'queue-publishes' }, publicationTimes(item.scheduledPublications)),
      h('td', {}, stateBadge(item)));
  });
  panel.replaceChildren(head,
    h('div', { class: 'table-scroll' },
      h('table', { class: 'grid', 'data-testid': 'queue-table' },
        h('caption', { class: 'visually-hidden' }, 'Runs awaiting approval, oldest first'),
        h('thead', {}, h('tr', {},
          h('th', { scope: 'col' }, 'Title'), h('th', { scope: 'col' }, 'Run'), h('th', { scope: 'col', class: 'num' }, 'Score'),
          h('th', { scope: 'col' }, 'Waiting'), h('th', { scope: 'col' }, 'Publishes'), h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'State')))),
        h('tbody', {}, rows))));
}

// Scheduled channels show their time in the project's time zone (the time the API was given); others publish on approval.
export function publicationTimes(scheduled) {
  if (!scheduled || scheduled.length === 0) return h('span', { class: 'muted' }, 'on approval');
  return h('ul', { class: 'plain-list' }, scheduled.map((p) =>
    h('li', { 'data-testid': 'scheduled-publication', 'data-channel': p.channel },
      `${p.channel}: `,
      h('time', { datetime: p.publishAt, title: new Date(p.publishAt).toLocaleString() }, `${p.publishAtLocal.replace('T', ' ').slice(0, 16)} (${p.timeZone})`),
      p.status === 'published' ? h('span', { class: 'muted' }, ' · published') : null)));
}

// Escalated approvals and needs-review drafts (gates still failing, or the LLM refused) are marked; plain approvals are not.
function stateBadge(item) {
  if (item.state === 'escalated') return h('span', { class: 'badge badge-escalated', title: item.stateReason || 'Escalated' }, 'Escalated');
  if (item.state === 'needs-review') return h('span', { class: 'badge badge-needs-review', 'data-testid': 'queue-needs-review', title: item.stateReason || 'Needs review' }, 'Needs review');
  return null;
}

// With the gate's verdict known the colour follows it; otherwise it follows the score alone.
export function scoreBadge(score, passed) {
  if (score === null || score === undefined) return h('span', { class: 'muted' }, '—');
  const level = passed === true ? 'good' : passed === false ? 'poor' : score >= 85 ? 'good' : score >= 70 ? 'fair' : 'poor';
  return h('span', { class: `score score-${level}`, 'aria-label': `Gate score ${score} of 100` }, `${score}`);
}
