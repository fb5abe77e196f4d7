import { Job } from '../azureml/types';
import { humanDuration, plain, utc } from './format';
import { statusBlock } from './status-text';
import { Action, AdaptiveCardV15, CardElement, card, execute } from './types';
import { VERBS } from './verbs';
import { ComputeView } from './job-card';

export type CancelCardState =
  | { kind: 'confirm'; confirmHandle: string; keepHandle: string; lastError?: string }
  | { kind: 'kept'; by: string; at: Date }
  | { kind: 'cancelled'; by: string; at: Date; confirmed: boolean }
  /** Confirmed, and the Azure work outlived the turn: `note` says why it is slow or that it is already running. */
  | { kind: 'working'; note: string }
  | { kind: 'not-cancellable'; reason: string }
  | { kind: 'failed'; message: string };

export interface CancelCardModel {
  workspaceAlias: string;
  job: Job;
  requestedBy: string;
  reason?: string;
  now: Date;
  state: CancelCardState;
  showHandle: string;
  /** On the dry view: what the run has used, and what stopping it saves per hour (src/jobs/cost.ts). */
  compute?: ComputeView;
}

/** A dry view first (R: destructive actions need explicit permission), then the outcome in place. */
export function cancelCard(m: CancelCardModel): AdaptiveCardV15 {
  const j = m.job;
  const s = m.state;
  const title = s.kind === 'confirm' ? `Cancel ${j.name}?` : `Cancel ${j.name}`;
  const body: CardElement[] = [
    { type: 'TextBlock', text: title, weight: 'bolder', size: 'medium', wrap: true },
    statusBlock(j.status, { spacing: 'none' }),
    outcome(s, j.name),
    {
      type: 'FactSet', separator: true, facts: [
        { title: 'Workspace', value: m.workspaceAlias },
        { title: 'Type', value: j.type },
        { title: 'Experiment', value: plain(j.experiment, 80) },
        { title: 'Submitter', value: j.submitter ? plain(j.submitter, 60) : '—' },
        { title: 'Compute', value: j.compute ? plain(j.compute, 60) : '—' },
        { title: 'Running for', value: j.startedAt ? humanDuration((j.endedAt ?? m.now).getTime() - j.startedAt.getTime()) : 'not started' },
        ...(m.compute?.cost ? [{ title: 'Used so far', value: plain(m.compute.cost, 200) }] : []),
        ...(m.compute?.perHour ? [{ title: 'Stopping saves', value: plain(m.compute.perHour, 200) }] : []),
        { title: 'Requested by', value: plain(m.requestedBy, 60) },
        ...(m.reason ? [{ title: 'Reason', value: plain(m.reason, 300) }] : []),
      ],
    },
  ];
  const actions: Action[] = s.kind === 'confirm'
    ? [execute('Cancel job', VERBS.cancelConfirm, s.confirmHandle, 'destructive'), execute('Keep running', VERBS.cancelKeep, s.keepHandle)]
    : [execute('Show job', VERBS.showJob, m.showHandle)];
  return card(body, actions, `${title}: ${j.status}`);
}

function outcome(s: CancelCardState, job: string): CardElement {
  switch (s.kind) {
    case 'confirm':
      if (s.lastError) return { type: 'TextBlock', text: `The last attempt did not go through: ${plain(s.lastError)} Press "Cancel job" to try again.`, wrap: true, color: 'attention' };
      // Teams' light theme draws `warning` text yellow on white; red says "destructive" and stays readable.
      return { type: 'TextBlock', text: 'This stops the job and cannot be undone.', wrap: true, color: 'attention' };
    case 'kept':
      return { type: 'TextBlock', text: `Kept running — ${plain(s.by, 60)} chose not to cancel at ${utc(s.at)}.`, wrap: true };
    case 'cancelled':
      return {
        // Default colour: Teams' light-theme `good` (#92c353) is too pale for a sentence; the status line above carries the colour.
        type: 'TextBlock', wrap: true,
        text: s.confirmed ? `Cancelled by ${plain(s.by, 60)} at ${utc(s.at)}.` : `Cancel requested by ${plain(s.by, 60)} at ${utc(s.at)}; Azure ML is stopping the job.`,
      };
    case 'working':
      return { type: 'TextBlock', text: `Cancelling ${plain(job, 120)}… ${plain(s.note)}`, wrap: true };
    case 'not-cancellable':
      return { type: 'TextBlock', text: plain(s.reason), wrap: true };
    case 'failed':
      return { type: 'TextBlock', text: plain(s.message), wrap: true, color: 'attention' };
  }
}
