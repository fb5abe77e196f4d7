import { humanDuration, plain, relativeTime, utc, verbatim } from './format';
import { statusBlock } from './status-text';
import { Action, AdaptiveCardV15, CardElement, card, execute } from './types';
import { VERBS } from './verbs';
import { nextStepBlock } from './next-step-block';
import { ComputeView, waitingBlock } from './job-card';

export interface SummaryCardModel {
  workspaceAlias: string;
  jobName: string;
  jobType: string;
  status: string;
  startedAt?: Date;
  endedAt?: Date;
  now: Date;
  /** Undefined when the job has no log yet (queued) or none we can read. */
  log?: {
    file: string;
    categoryLabel: string;
    failed: boolean;
    headline: string;
    evidence: string[];
    lastLines: string[];
    progress?: string;
    bytesRead: number;
    totalBytes: number;
    /** For a job that ended without success: what to do next, and which signals decided the verdict. */
    nextStep?: { text: string; learnUrl: string };
    decidedBy?: string[];
    step?: string;
  };
  noLogReason?: string;
  /** Why a waiting job has not started, and what a started one has used so far (src/jobs). */
  compute?: ComputeView;
  live?: { stopHandle: string; everySeconds: number; untilUtc: Date };
  /** Why updates stopped, shown once they have. */
  stopped?: string;
  handles: { show: string; refresh: string };
}

/** Lead with the answer: status and category/headline first, the decisive lines next, details last. */
export function summaryCard(m: SummaryCardModel): AdaptiveCardV15 {
  const body: CardElement[] = [
    { type: 'TextBlock', text: `Log summary · ${m.jobName}`, weight: 'bolder', size: 'medium', wrap: true },
    statusBlock(m.status, { spacing: 'none' }),
  ];
  if (m.compute?.waiting) body.push(waitingBlock(m.compute.waiting));
  if (m.log) {
    const l = m.log;
    body.push({ type: 'TextBlock', text: `${l.failed ? '🔎 ' : ''}${l.categoryLabel}: ${plain(l.headline, 200)}`, wrap: true, weight: 'bolder', color: l.failed ? 'attention' : 'default' });
    if (l.progress) body.push({ type: 'TextBlock', text: `Progress: ${plain(l.progress, 120)}`, wrap: true, spacing: 'small' });
    if (l.nextStep) body.push(nextStepBlock(l.nextStep));
    if (l.evidence.length) body.push(codeBlock('Evidence', l.evidence, 5, true));
    if (l.decidedBy?.length || l.step) {
      const parts = [l.step ? `failed step ${plain(l.step, 60)}` : '', l.decidedBy?.length ? `decided by ${l.decidedBy.map((d) => plain(d, 60)).join(', ')}` : ''].filter(Boolean);
      body.push({ type: 'TextBlock', text: parts.join(' · '), isSubtle: true, size: 'small', wrap: true, spacing: 'none' });
    }
    if (l.lastLines.length) body.push(codeBlock('Last lines', l.lastLines, 8));
  } else {
    body.push({ type: 'TextBlock', text: m.noLogReason ?? 'No log yet.', wrap: true, isSubtle: true });
  }
  const facts = [{ title: 'Workspace', value: m.workspaceAlias }, { title: 'Type', value: m.jobType }];
  if (m.startedAt) facts.push({ title: 'Started', value: relativeTime(m.startedAt, m.now) });
  if (m.startedAt) facts.push({ title: m.endedAt ? 'Ran for' : 'Running for', value: humanDuration((m.endedAt ?? m.now).getTime() - m.startedAt.getTime()) });
  if (m.compute?.cost) facts.push({ title: 'Used so far', value: plain(m.compute.cost, 200) });
  if (m.compute?.perHour) facts.push({ title: 'Continuing costs', value: plain(m.compute.perHour, 200) });
  if (m.log) facts.push({ title: 'Log', value: `${plain(m.log.file, 80)} (read ${kb(m.log.bytesRead)} of ${kb(m.log.totalBytes)})` });
  body.push({ type: 'FactSet', facts, separator: true });
  if (m.live) {
    body.push({ type: 'TextBlock', text: `Updating every ${m.live.everySeconds}s until the job ends (at most until ${utc(m.live.untilUtc)}). Updated ${utc(m.now)}.`, isSubtle: true, size: 'small', wrap: true });
  } else if (m.stopped) {
    body.push({ type: 'TextBlock', text: `${m.stopped} Last updated ${utc(m.now)}.`, isSubtle: true, size: 'small', wrap: true });
  }
  const actions: Action[] = [];
  if (m.live) actions.push(execute('Stop updates', VERBS.summaryStop, m.live.stopHandle));
  actions.push(execute('Refresh', VERBS.summaryRefresh, m.handles.refresh), execute('Show job', VERBS.showJob, m.handles.show));
  return card(body, actions, m.log ? `${m.jobName}: ${m.log.categoryLabel}: ${m.log.headline}` : `${m.jobName}: ${m.status}`);
}

/** Evidence keeps the cause first (the engine orders it); other blocks show the last lines. */
function codeBlock(title: string, lines: string[], max: number, firstLines = false): CardElement {
  return {
    type: 'Container',
    spacing: 'small',
    items: [
      { type: 'TextBlock', text: title, weight: 'bolder', size: 'small', wrap: true },
      { type: 'TextBlock', text: (firstLines ? lines.slice(0, max) : lines.slice(-max)).map((l) => verbatim(l, 240)).join('\n\n'), fontType: 'monospace', size: 'small', wrap: true },
    ],
  };
}

function kb(n: number): string {
  if (n >= 1024 * 1024 * 1024) return `${(n / 1024 ** 3).toFixed(1)} GB`;
  if (n >= 1024 * 1024) return `${(n / 1024 ** 2).toFixed(1)} MB`;
  return `${Math.ceil(n / 1024)} KB`;
}
