import { Job } from '../azureml/types';
import { ComputeView, waitingBlock } from './job-card';
import { humanDuration, plain, utc, verbatim } from './format';
import { statusBlock, statusLabel } from './status-text';
import { Action, ActionExecute, AdaptiveCardV15, CardElement, card, execute } from './types';
import { VERBS } from './verbs';
import { nextStepBlock } from './next-step-block';
import { compareLastGood } from './job-card';

export interface NoticeCardModel {
  workspaceAlias: string;
  job: Job;
  now: Date;
  /** From the summarizer, for failed jobs. */
  triage?: { categoryLabel: string; headline: string; evidence: string[]; nextStep?: { text: string; learnUrl: string }; step?: string };
  /** 'stuck' and 'runaway' alerts carry why. */
  alert?: string;
  /** The submitter as a Teams member, when the bot knows them: shown as an @mention. */
  submitter?: { aadObjectId: string; name: string };
  handles: { job: string; mute?: string; rerun?: string };
  /** Why a stuck job waits (or a failed one never started); what a runaway one has cost and costs per hour. */
  compute?: ComputeView;
}

/** A job notice for a channel: the answer first (status, category, headline), the decisive lines, then facts. */
export function noticeCard(m: NoticeCardModel): AdaptiveCardV15 {
  const j = m.job;
  const title = m.alert ? `${m.alert}: ${j.name}` : `${j.name} ${j.status === 'Failed' ? 'failed' : `is ${j.status}`}`;
  const body: CardElement[] = [
    { type: 'TextBlock', text: plain(title, 200), weight: 'bolder', size: 'medium', wrap: true },
    statusBlock(j.status, { spacing: 'none' }),
  ];
  if (m.compute?.waiting) body.push(waitingBlock(j.startedAt || !/^(Failed|Canceled)$/.test(j.status) ? m.compute.waiting : { ...m.compute.waiting, sentence: `It never started. ${m.compute.waiting.sentence}` }));
  if (m.triage) {
    body.push({ type: 'TextBlock', text: `${m.triage.categoryLabel}: ${plain(m.triage.headline, 200)}`, wrap: true, weight: 'bolder', color: 'attention' });
    if (m.triage.step) body.push({ type: 'TextBlock', text: `Failed step: ${plain(m.triage.step, 80)}`, wrap: true, spacing: 'none', isSubtle: true });
    if (m.triage.nextStep) body.push(nextStepBlock(m.triage.nextStep));
    if (m.triage.evidence.length) {
      body.push({ type: 'TextBlock', text: m.triage.evidence.slice(0, 3).map((l) => verbatim(l, 240)).join('\n\n'), fontType: 'monospace', size: 'small', wrap: true });
    }
  }
  const ran = j.startedAt ? humanDuration((j.endedAt ?? m.now).getTime() - j.startedAt.getTime()) : undefined;
  body.push({
    type: 'FactSet', separator: true, facts: [
      { title: 'Workspace', value: m.workspaceAlias },
      { title: 'Type', value: plain(j.type, 40) },
      { title: 'Experiment', value: plain(j.experiment, 80) },
      { title: 'Submitter', value: j.submitter ? plain(j.submitter, 60) : '—' },
      ...(ran ? [{ title: j.endedAt ? 'Ran for' : 'Running for', value: ran }] : []),
      ...(m.compute?.cost ? [{ title: 'Used so far', value: plain(m.compute.cost, 200) }] : []),
      ...(m.compute?.perHour ? [{ title: 'Continuing costs', value: plain(m.compute.perHour, 200) }] : []),
      { title: 'Updated', value: utc(m.now) },
    ],
  });
  if (j.status === 'Failed') body.push(compareLastGood(m.handles.job));
  const actions: Action[] = [execute('Show', VERBS.showJob, m.handles.job), execute('Summary', VERBS.summary, m.handles.job)];
  if (m.handles.rerun) actions.push(execute('Rerun', VERBS.rerunRequest, m.handles.rerun));
  if (m.handles.mute) actions.push(mute(m.handles.mute));
  if (j.studioUrl) actions.push({ type: 'Action.OpenUrl', title: 'Studio', url: j.studioUrl });
  const c = card(body, actions, `${title}${m.triage ? ` — ${m.triage.categoryLabel}: ${m.triage.headline}` : ''}`);
  if (m.submitter) {
    // Teams renders `<at>Name</at>` in a TextBlock as a real mention when the card lists the entity.
    const at = `<at>${m.submitter.name}</at>`;
    body.splice(2, 0, { type: 'TextBlock', text: `Submitted by ${at}`, wrap: true, spacing: 'small' });
    c.msteams = { width: 'Full', entities: [{ type: 'mention', text: at, mentioned: { id: m.submitter.aadObjectId, name: m.submitter.name } }] };
  }
  return c;
}

/** Short title: four buttons must fit a phone-width card (a long title truncated them all to "S…"). */
export function mute(handle: string): ActionExecute {
  return { ...execute('Mute 24 h', VERBS.noticeMute, handle), tooltip: 'Mute notices for this experiment for 24 hours' };
}

export interface DigestCardModel {
  workspaceAlias: string;
  parent: string;
  children: { name: string; status: string; headline?: string }[];
  now: Date;
  handles: { parent: string; mute?: string };
}

/** Storm control: one card for a pipeline or sweep whose children fail in bulk, updated in place. */
export function digestCard(m: DigestCardModel): AdaptiveCardV15 {
  const shown = m.children.slice(-15);
  const lines = shown.map((c) => `${statusLabel(c.status)} · ${plain(c.name, 60)}${c.headline ? ` — ${plain(c.headline, 80)}` : ''}`);
  if (m.children.length > shown.length) lines.unshift(`… ${m.children.length - shown.length} earlier`);
  const actions: Action[] = [execute('Show parent', VERBS.showJob, m.handles.parent)];
  if (m.handles.mute) actions.push(mute(m.handles.mute));
  return card(
    [
      { type: 'TextBlock', text: `${m.children.length} runs of ${plain(m.parent, 80)} failed`, weight: 'bolder', size: 'medium', wrap: true, color: 'attention' },
      { type: 'TextBlock', text: `Workspace ${m.workspaceAlias} · one digest instead of a card per run · updated ${utc(m.now)}`, isSubtle: true, wrap: true, spacing: 'none' },
      { type: 'TextBlock', text: lines.join('\n\n'), wrap: true, size: 'small', separator: true },
    ],
    actions,
    `${m.children.length} runs of ${m.parent} failed`,
  );
}
