import { sharedJobCard } from '../../../src/cards/shared-job-card';
import { VERBS } from '../../../src/cards/verbs';
import { unfurlCard } from '../../../src/message-extensions/results';
import { expectCardShape, expectSafeActions } from './card-rules';
import { H, NOW, allText, cardBytes, executesOf, factsOf, hoursAgo, makeJob } from './factory';

const STUDIO = 'https://ml.azure.com/runs/train-resnet50-nightly?wsid=/subscriptions/0/resourcegroups/ml/workspaces/prod';
const base = { workspaceAlias: 'prod', production: true, now: NOW };

describe('sharedJobCard', () => {
  it('leads with the status, then type, submitter and timings', () => {
    const card = sharedJobCard({ ...base, job: makeJob(), handles: { details: H.show, summary: H.summary } });
    expectCardShape(card);
    const text = allText(card).split('\n');
    expect(text[0]).toBe('train-resnet50-nightly');
    expect(text[1]).toBe('▶️ Running');
    expect(factsOf(card)).toEqual({
      Workspace: 'prod (production)', Type: 'Command', Experiment: 'nightly-retrain', Submitter: 'Priya Patel',
      Started: '2h 0m ago (2024-07-24 10:00 UTC)', 'Running for': '2h 0m',
    });
  });

  it('puts the failure category and headline of a failed job under its status', () => {
    const card = sharedJobCard({
      ...base, job: makeJob({ status: 'Failed', endedAt: hoursAgo(1) }),
      triage: { label: 'Out of memory', headline: 'CUDA out of memory. Tried to allocate 2.00 GiB' }, handles: { details: H.show, summary: H.summary },
    });
    const text = allText(card).split('\n');
    expect(text.slice(1, 4)).toEqual(['❌ Failed', 'Out of memory', 'CUDA out of memory. Tried to allocate 2.00 GiB']);
    expect(factsOf(card)['Ran for']).toBe('1h 0m');
  });

  it('says how long a job has waited before it started, and not for one that ended without starting', () => {
    expect(factsOf(sharedJobCard({ ...base, job: makeJob({ status: 'Queued', startedAt: undefined }), handles: { details: H.show } }))['Waiting for']).toBe('3h 0m');
    const cancelled = factsOf(sharedJobCard({ ...base, job: makeJob({ status: 'Canceled', startedAt: undefined, endedAt: hoursAgo(1) }), handles: { details: H.show } }));
    expect(cancelled['Waiting for']).toBeUndefined();
    expect(cancelled.Ended).toMatch(/^1h 0m ago/);
  });

  it('offers Summary and Details (the show card) and Studio; no cancel on a card everyone in the chat sees', () => {
    const card = sharedJobCard({ ...base, job: makeJob({ studioUrl: STUDIO }), handles: { details: H.show, summary: H.summary } });
    expectSafeActions(card, ['train-resnet50', 'prod']);
    expect(executesOf(card).map((a) => [a.title, a.verb, a.data])).toEqual([
      ['Summary', VERBS.summary, { h: H.summary }],
      ['Details', VERBS.showJob, { h: H.show }],
    ]);
    expect(card.actions?.at(-1)).toEqual({ type: 'Action.OpenUrl', title: 'Open in Studio', url: STUDIO });
  });

  it('each button also works as an Action.Submit with the same verb and handle (for clients without Action.Execute)', () => {
    const card = sharedJobCard({ ...base, job: makeJob(), handles: { details: H.show, summary: H.summary } });
    expect(executesOf(card).map((a) => a.fallback)).toEqual([
      { type: 'Action.Submit', title: 'Summary', data: { verb: VERBS.summary, h: H.summary } },
      { type: 'Action.Submit', title: 'Details', data: { verb: VERBS.showJob, h: H.show } },
    ]);
  });

  it('as an unfurled link it is declared Adaptive Card 1.3 (what link unfurling supports), the same card otherwise', () => {
    const card = sharedJobCard({ ...base, job: makeJob(), handles: { details: H.show, summary: H.summary } });
    const unfurled = unfurlCard(card);
    expect(unfurled.version).toBe('1.3');
    expect({ ...unfurled, version: card.version }).toEqual(card);
    expect(card.version).toBe('1.5');
  });

  it('neutralises Markdown links in text from Azure and stays small', () => {
    const card = sharedJobCard({ ...base, job: makeJob({ displayName: '[click](https://evil.example)', experiment: 'e'.repeat(500) }), handles: { details: H.show } });
    expect(allText(card)).not.toContain('](');
    expect(cardBytes(card)).toBeLessThan(4 * 1024);
  });
});
