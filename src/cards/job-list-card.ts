import { Job } from '../azureml/types';
import { humanDuration, plain, truncate } from './format';
import { statusLabel } from './status-text';
import { AdaptiveCardV15, CardElement, Container, card, execute } from './types';
import { VERBS } from './verbs';

export interface JobListRow {
  job: Job;
  /** The list record's handle; the row is `{h, i}` so no job name travels on the card. */
  showHandle: string;
  index: number;
}

export interface JobListModel {
  workspaceAlias: string;
  production: boolean;
  filtersText: string;
  rows: JobListRow[];
  moreHandle?: string;
  now: Date;
  pageNumber: number;
}

/**
 * Phone width first: each job is a two-line container (name + status, then type · experiment ·
 * submitter · age) rather than a wide table. Tapping a row opens `show`.
 */
export function jobListCard(m: JobListModel): AdaptiveCardV15 {
  const env = m.production ? ' · production' : '';
  const body: CardElement[] = [
    { type: 'TextBlock', text: `Jobs in ${m.workspaceAlias}${env}`, weight: 'bolder', size: 'medium', wrap: true },
    { type: 'TextBlock', text: `${plain(m.filtersText, 300)}${m.pageNumber > 1 ? ` · page ${m.pageNumber}` : ''}`, isSubtle: true, spacing: 'none', wrap: true },
    overview(m.rows.map((r) => r.job)),
  ];
  if (m.rows.length === 0) body.push({ type: 'TextBlock', text: 'No jobs match.', wrap: true });
  for (const r of m.rows) body.push(row(r, m.now));
  const actions = m.moreHandle ? [execute('More', VERBS.listMore, m.moreHandle)] : [];
  return card(body, actions, `${m.rows.length} jobs in ${m.workspaceAlias}`);
}

function overview(jobs: Job[]): CardElement {
  const counts = new Map<string, number>();
  for (const j of jobs) counts.set(j.status, (counts.get(j.status) ?? 0) + 1);
  const text = [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([s, n]) => `${statusLabel(s)} ${n}`).join('  ·  ');
  return { type: 'TextBlock', text: text || '—', wrap: true, spacing: 'small' };
}

function row(r: JobListRow, now: Date): Container {
  const j = r.job;
  const name = j.displayName && j.displayName !== j.name ? `${truncate(j.name, 60)} — ${plain(j.displayName, 60)}` : truncate(j.name, 80);
  const age = j.createdAt ? humanDuration(now.getTime() - j.createdAt.getTime()) : '—';
  const ran = j.startedAt ? ` · ran ${humanDuration((j.endedAt ?? now).getTime() - j.startedAt.getTime())}` : '';
  const who = j.submitter ? ` · ${plain(j.submitter, 40)}` : '';
  return {
    type: 'Container',
    separator: true,
    spacing: 'small',
    selectAction: execute('Show', VERBS.showJob, r.showHandle, undefined, r.index),
    items: [
      {
        type: 'ColumnSet',
        columns: [
          { type: 'Column', width: 'stretch', items: [{ type: 'TextBlock', text: name, weight: 'bolder', wrap: true, maxLines: 2 }] },
          { type: 'Column', width: 'auto', items: [{ type: 'TextBlock', text: statusLabel(j.status), wrap: false }] },
        ],
      },
      { type: 'TextBlock', text: `${j.type} · ${plain(j.experiment, 40)}${who} · ${age} old${ran}`, isSubtle: true, size: 'small', spacing: 'none', wrap: true },
    ],
  };
}
