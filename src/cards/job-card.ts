import { statusStyle } from '../azureml/status';
import { Job, Run } from '../azureml/types';
import { humanDuration, plain, relativeTime, truncate } from './format';
import { statusBlock, statusCounts, statusLabel } from './status-text';
import { Action, AdaptiveCardV15, CardElement, card, execute } from './types';
import { VERBS } from './verbs';

export interface JobCardModel {
  workspaceAlias: string;
  production: boolean;
  job: Job;
  /** Data-plane timings win over ARM's inconsistent strings when we have them. */
  run?: Run;
  /** The triage verdict of a job that ended without success: one line, the next step, the error code. */
  verdict?: { label: string; headline: string; nextStep: string; code?: string };
  children?: Run[];
  now: Date;
  handles: { summary: string; refresh: string; cancel?: string; rerun?: string; outputs?: string };
  /** Why a waiting job has not started (one sentence with the numbers) and what a started one has used so far. */
  compute?: ComputeView;
  /** Line shown under the title, e.g. "Cancel requested by Priya at 02:14 UTC". */
  notice?: string;
}

/** Plain text built by src/jobs (queue-reason.ts, cost.ts): the card only lays it out. */
export interface ComputeView {
  waiting?: { sentence: string; detail?: string };
  cost?: string;
  perHour?: string;
}

const MAX_CHILDREN = 12;

export function jobCard(m: JobCardModel): AdaptiveCardV15 {
  const j = m.job;
  const created = m.run?.createdAt ?? j.createdAt;
  const started = m.run?.startedAt ?? j.startedAt;
  const ended = m.run?.endedAt ?? j.endedAt;
  const body: CardElement[] = [
    { type: 'TextBlock', text: truncate(j.name, 120), weight: 'bolder', size: 'medium', wrap: true },
    statusBlock(j.status, { spacing: 'none' }),
  ];
  if (j.displayName && j.displayName !== j.name) body.splice(1, 0, { type: 'TextBlock', text: plain(j.displayName, 120), isSubtle: true, spacing: 'none', wrap: true });
  if (m.notice) body.push({ type: 'TextBlock', text: plain(m.notice), wrap: true, color: 'accent' });
  if (m.compute?.waiting) body.push(waitingBlock(m.compute.waiting));
  if (m.verdict) {
    const v = m.verdict;
    body.push({
      type: 'Container', style: 'attention', items: [
        { type: 'TextBlock', text: `🔎 ${plain(v.label, 60)}: ${plain(v.headline, 200)}`, weight: 'bolder', wrap: true },
        { type: 'TextBlock', text: `Next step: ${plain(v.nextStep, 300)}`, wrap: true, spacing: 'small' },
        { type: 'TextBlock', text: `${v.code ? `Error code ${plain(v.code, 60)}. ` : ''}Summary reads the logs for the evidence.`, isSubtle: true, size: 'small', wrap: true, spacing: 'none' },
      ],
    });
  }
  const facts = [
    { title: 'Workspace', value: `${m.workspaceAlias}${m.production ? ' (production)' : ''}` },
    { title: 'Type', value: j.type },
    { title: 'Experiment', value: plain(j.experiment, 80) },
    { title: 'Compute', value: j.compute ? plain(j.compute, 60) : '—' },
    { title: 'Submitter', value: j.submitter ? plain(j.submitter, 60) : '—' },
    { title: 'Created', value: relativeTime(created, m.now) },
  ];
  if (started) facts.push({ title: 'Started', value: relativeTime(started, m.now) });
  if (ended) facts.push({ title: 'Ended', value: relativeTime(ended, m.now) });
  if (created && started) facts.push({ title: 'Queued for', value: humanDuration(started.getTime() - created.getTime()) });
  if (started) facts.push({ title: ended ? 'Ran for' : 'Running for', value: humanDuration((ended ?? m.now).getTime() - started.getTime()) });
  if (m.compute?.cost) facts.push({ title: 'Used so far', value: plain(m.compute.cost, 200) });
  if (m.compute?.perHour) facts.push({ title: 'Continuing costs', value: plain(m.compute.perHour, 200) });
  const tags = Object.entries(j.tags);
  if (tags.length) facts.push({ title: 'Tags', value: plain(tags.slice(0, 8).map(([k, v]) => (v ? `${k}=${v}` : k)).join(', '), 300) });
  body.push({ type: 'FactSet', facts, separator: true });
  // Not facts: a FactSet value is a table cell, where a long URI cannot wrap and runs off a phone-width card.
  body.push(...namedUris('Inputs', j.inputs), ...namedUris('Outputs', j.outputs));
  if (m.children && m.children.length) body.push(...childrenBlock(m.children));
  // Its own row: a fifth button in the action bar would truncate every title on a phone.
  if (/^(Completed|Failed|Canceled)$/.test(j.status)) body.push(compareLastGood(m.handles.refresh));

  const actions: Action[] = [execute('Summary', VERBS.summary, m.handles.summary)];
  if (m.handles.cancel) actions.push(execute('Cancel job', VERBS.cancelRequest, m.handles.cancel, 'destructive'));
  if (m.handles.rerun) actions.push(execute('Rerun', VERBS.rerunRequest, m.handles.rerun));
  actions.push(execute('Refresh', VERBS.refreshJob, m.handles.refresh));
  if (j.studioUrl) actions.push({ type: 'Action.OpenUrl', title: 'Open in Studio', url: j.studioUrl });
  return card(body, actions, `${j.name}: ${j.status}`);
}

/** "Compare with last good run": this finished job against the newest Completed job of its experiment. */
export function compareLastGood(handle: string, title = 'Compare with last good run'): CardElement {
  return { type: 'ActionSet', actions: [execute(title, VERBS.compareLastGood, handle)] };
}

export function waitingBlock(w: NonNullable<ComputeView['waiting']>): CardElement {
  const items: CardElement[] = [{ type: 'TextBlock', text: `⏳ ${plain(w.sentence, 300)}`, weight: 'bolder', wrap: true }];
  if (w.detail) items.push({ type: 'TextBlock', text: plain(w.detail, 200), isSubtle: true, size: 'small', wrap: true, spacing: 'none' });
  return { type: 'Container', style: 'warning', items };
}

function namedUris(title: string, items: Job['inputs']): CardElement[] {
  if (!items.length) return [];
  return [
    { type: 'TextBlock', text: title, weight: 'bolder', wrap: true, spacing: 'small' },
    { type: 'TextBlock', text: plain(items.slice(0, 6).map((i) => (i.uri ? `${i.name}: ${i.uri}` : i.name)).join('\n\n'), 400), size: 'small', wrap: true, spacing: 'none' },
  ];
}

/** Icons for at most this many steps in the strip; the counts line covers the rest. */
const MAX_STRIP = 40;

/**
 * A pipeline's steps: first a compact status strip (one icon per step in order, then the counts
 * per status as icon + word + number), then the step list itself.
 */
function childrenBlock(children: Run[]): CardElement[] {
  const shown = children.slice(0, MAX_CHILDREN);
  const lines = shown.map((c) => `${statusLabel(c.status)} · ${plain(c.displayName ?? c.runId, 60)}`);
  if (children.length > shown.length) lines.push(`… and ${children.length - shown.length} more`);
  const icons = children.slice(0, MAX_STRIP).map((c) => statusStyle(c.status).icon).join('');
  const more = children.length > MAX_STRIP ? ` +${children.length - MAX_STRIP}` : '';
  return [
    { type: 'TextBlock', text: `Steps (${children.length})`, weight: 'bolder', separator: true, wrap: true },
    { type: 'TextBlock', text: `${icons}${more}`, wrap: true, spacing: 'small' },
    { type: 'TextBlock', text: statusCounts(children.map((c) => c.status)), wrap: true, size: 'small', isSubtle: true, spacing: 'none' },
    { type: 'TextBlock', text: lines.join('\n\n'), wrap: true, size: 'small', spacing: 'small' },
  ];
}
