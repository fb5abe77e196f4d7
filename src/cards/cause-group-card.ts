import { plain, utc } from './format';
import { compareLastGood } from './job-card';
import { nextStepBlock } from './next-step-block';
import { mute } from './notice-card';
import { Action, AdaptiveCardV15, card, execute } from './types';
import { VERBS } from './verbs';

export interface CauseGroupCardModel {
  workspaceAlias: string;
  categoryLabel: string;
  headline: string;
  nextStep?: { text: string; learnUrl: string };
  /** The jobs that failed for this cause within the window, oldest first. */
  jobs: string[];
  now: Date;
  handles: { latest: string; mute?: string };
}

/** Several jobs, one cause: one card that grows ("3 jobs failed: ResolvePackageNotFound … — train-a, train-b, eval-c"). */
export function causeGroupCard(m: CauseGroupCardModel): AdaptiveCardV15 {
  const names = m.jobs.slice(-20).map((j) => plain(j, 60));
  const more = m.jobs.length > names.length ? `… and ${m.jobs.length - names.length} earlier` : '';
  const title = `${m.jobs.length} jobs failed: ${plain(m.headline, 160)}`;
  const body = [
    { type: 'TextBlock' as const, text: title, weight: 'bolder' as const, size: 'medium' as const, wrap: true, color: 'attention' as const },
    { type: 'TextBlock' as const, text: `${plain(m.categoryLabel, 60)} · workspace ${m.workspaceAlias} · same cause within the hour · updated ${utc(m.now)}`, isSubtle: true, wrap: true, spacing: 'none' as const },
    ...(m.nextStep ? [nextStepBlock(m.nextStep)] : []),
    { type: 'TextBlock' as const, text: [more, names.join(', ')].filter(Boolean).join(' '), wrap: true, size: 'small' as const, separator: true },
    // One button, for the newest failure (the job `handles.latest` names): the others failed the same way, so one
    // comparison shows what changed since the experiment last worked, and a button per job would not fit the card.
    compareLastGood(m.handles.latest, 'Compare latest with last good run'),
  ];
  const actions: Action[] = [execute('Show latest', VERBS.showJob, m.handles.latest), execute('Summary', VERBS.summary, m.handles.latest)];
  if (m.handles.mute) actions.push(mute(m.handles.mute));
  return card(body, actions, title);
}
