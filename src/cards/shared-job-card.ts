import { Job } from '../azureml/types';
import { humanDuration, plain, relativeTime, truncate, verbatim } from './format';
import { statusBlock } from './status-text';
import { Action, AdaptiveCardV15, CardElement, card, execute, withSubmitFallback } from './types';
import { VERBS } from './verbs';

export interface SharedJobCardModel {
  workspaceAlias: string;
  production: boolean;
  job: Job;
  /** For a failed job: the failure category and the one line that explains it. */
  triage?: { label: string; headline: string };
  now: Date;
  /**
   * Sealed read handles for the job, bound to the conversation the card is shared into: Details opens the
   * `show` card, Summary the `summary` card (both read-only).
   */
  handles: { details: string; summary?: string };
}

/**
 * The job as it is shared into a conversation, by a pasted Studio link or the compose-box search:
 * answer first (status, and for a failure its category and headline), then who and when, on a
 * phone-width card. Everyone in the conversation sees it, so it offers reading only; Details leads to
 * the `show` card, whose buttons (cancel included) are checked against whoever presses them.
 * Its buttons carry an Action.Submit fallback: an unfurled card is declared 1.3 (results.ts), and a client
 * that does not render Action.Execute there still has working buttons.
 */
export function sharedJobCard(m: SharedJobCardModel): AdaptiveCardV15 {
  const j = m.job;
  const body: CardElement[] = [{ type: 'TextBlock', text: truncate(j.name, 120), weight: 'bolder', size: 'medium', wrap: true }];
  if (j.displayName && j.displayName !== j.name) body.push({ type: 'TextBlock', text: plain(j.displayName, 120), isSubtle: true, spacing: 'none', wrap: true });
  body.push(statusBlock(j.status, { spacing: 'none' }));
  if (m.triage) {
    body.push({
      type: 'Container', style: 'attention', items: [
        { type: 'TextBlock', text: plain(m.triage.label, 80), weight: 'bolder', wrap: true },
        { type: 'TextBlock', text: verbatim(m.triage.headline, 200), wrap: true, maxLines: 3, spacing: 'none' },
      ],
    });
  }
  body.push({ type: 'FactSet', separator: true, facts: [
    { title: 'Workspace', value: `${m.workspaceAlias}${m.production ? ' (production)' : ''}` },
    { title: 'Type', value: plain(j.type, 40) },
    { title: 'Experiment', value: plain(j.experiment, 80) },
    { title: 'Submitter', value: j.submitter ? plain(j.submitter, 60) : '—' },
    ...timings(j, m.now),
  ] });

  const actions: Action[] = [];
  if (m.handles.summary) actions.push(withSubmitFallback(execute('Summary', VERBS.summary, m.handles.summary)));
  actions.push(withSubmitFallback(execute('Details', VERBS.showJob, m.handles.details)));
  if (j.studioUrl) actions.push({ type: 'Action.OpenUrl', title: 'Open in Studio', url: j.studioUrl });
  return card(body, actions, `${j.name}: ${j.status}`);
}

/** When it started and how long it ran, or how long it has waited when it has not started yet. */
function timings(j: Job, now: Date): { title: string; value: string }[] {
  if (!j.startedAt) {
    const created = { title: 'Created', value: relativeTime(j.createdAt, now) };
    // A job cancelled before it started has ended without running; it is not waiting any more.
    if (j.endedAt) return [created, { title: 'Ended', value: relativeTime(j.endedAt, now) }];
    return [created, { title: 'Waiting for', value: j.createdAt ? humanDuration(now.getTime() - j.createdAt.getTime()) : '—' }];
  }
  return [
    { title: 'Started', value: relativeTime(j.startedAt, now) },
    { title: j.endedAt ? 'Ran for' : 'Running for', value: humanDuration((j.endedAt ?? now).getTime() - j.startedAt.getTime()) },
  ];
}
