import { StatusTone, statusStyle } from '../azureml/status';
import { Job } from '../azureml/types';
import { humanDuration, plain, truncate } from './format';
import { statusCounts, statusLabel } from './status-text';
import { AdaptiveCardV15, CardElement, ChartColor, Container, TextBlock, card, execute } from './types';
import { VERBS } from './verbs';

export interface JobListRow {
  job: Job;
  /** The row's own sealed read handle (no job name travels on the card in the clear); `index` only for `{h, i}` rows. */
  showHandle: string;
  index?: number;
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

/** Chart colour per status tone; a status never relies on colour alone (the legend says the word). */
const CHART_COLOR: Record<StatusTone, ChartColor> = { good: 'good', attention: 'attention', warning: 'warning', accent: 'categoricalBlue', default: 'neutral' };

/**
 * Counts per status, most frequent first: a Teams donut chart whose legend carries icon, word and
 * count, with the same counts as one line of text for clients without charts (element fallback).
 */
function overview(jobs: Job[]): CardElement {
  const counts = new Map<string, number>();
  for (const j of jobs) counts.set(j.status, (counts.get(j.status) ?? 0) + 1);
  const sorted = [...counts.entries()].sort((a, b) => b[1] - a[1]);
  const text: TextBlock = { type: 'TextBlock', text: statusCounts(jobs.map((j) => j.status)) || '—', wrap: true, spacing: 'small' };
  if (sorted.length === 0) return text;
  return {
    type: 'Chart.Donut',
    title: `Status of these ${jobs.length} ${jobs.length === 1 ? 'job' : 'jobs'}`,
    spacing: 'small',
    data: sorted.map(([s, n]) => ({ legend: `${statusLabel(s)} ${n}`, value: n, color: CHART_COLOR[statusStyle(s).tone] })),
    fallback: text,
  };
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
