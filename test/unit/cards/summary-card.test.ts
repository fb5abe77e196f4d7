import { SummaryCardModel, summaryCard } from '../../../src/cards/summary-card';
import { VERBS } from '../../../src/cards/verbs';
import { expectCardShape, expectSafeActions } from './card-rules';
import { H, NOW, allText, factsOf, hoursAgo, textsOf } from './factory';

function model(over: Partial<SummaryCardModel> = {}): SummaryCardModel {
  return {
    workspaceAlias: 'prod',
    jobName: 'train-resnet50-nightly',
    jobType: 'Command',
    status: 'Failed',
    startedAt: hoursAgo(2),
    endedAt: hoursAgo(1),
    now: NOW,
    log: {
      file: 'user_logs/std_log.txt',
      categoryLabel: 'Out of memory on GPU',
      failed: true,
      headline: 'torch.cuda.OutOfMemoryError: CUDA out of memory.',
      evidence: ['e1', 'e2', 'e3', 'e4', 'e5', 'e6'],
      lastLines: Array.from({ length: 10 }, (_, i) => `last ${i}`),
      bytesRead: 65_536,
      totalBytes: 1.5 * 1024 ** 3,
    },
    handles: { show: H.show, refresh: H.refresh },
    ...over,
  };
}

describe('summaryCard', () => {
  it('leads with status, then the failure category and headline', () => {
    const c = summaryCard(model());
    expectCardShape(c);
    const t = textsOf(c);
    expect(t[0]).toBe('Log summary · train-resnet50-nightly');
    expect(c.body[1]).toMatchObject({ text: '❌ Failed', color: 'attention' });
    expect(c.body[2]).toMatchObject({ text: '🔎 Out of memory on GPU: torch.cuda.OutOfMemoryError: CUDA out of memory.', color: 'attention' });
    expect(c.fallbackText).toBe('train-resnet50-nightly: Out of memory on GPU: torch.cuda.OutOfMemoryError: CUDA out of memory.');
  });

  it('keeps the first 5 evidence lines (the cause leads) and the last 8 log lines, monospace', () => {
    const t = allText(summaryCard(model()));
    expect(t).toContain('e1\n\ne2\n\ne3\n\ne4\n\ne5');
    expect(t).not.toContain('e6');
    expect(t).toContain('last 2\n\nlast 3');
    expect(t).not.toContain('last 1\n');
  });

  it('shows the next step under the verdict with its Learn link inline, and what decided it', () => {
    const log = { ...model().log!, nextStep: { text: 'Request more quota for the NCADSA100v4 family in eastus.', learnUrl: 'https://learn.microsoft.com/azure/machine-learning/how-to-manage-quotas' }, decidedBy: ['error code OutOfQuota'], step: 'train' };
    const c = summaryCard(model({ log }));
    const t = allText(c);
    expect(t).toContain('Next step: Request more quota for the NCADSA100v4 family in eastus. [How to fix](https://learn.microsoft.com/azure/machine-learning/how-to-manage-quotas)');
    expect(t).toContain('failed step train · decided by error code OutOfQuota');
    expect(c.actions?.map((a) => a.title)).toEqual(['Refresh', 'Show job']);
  });

  it('truncates long log lines with "…"', () => {
    const t = allText(summaryCard(model({ log: { ...model().log!, evidence: ['y'.repeat(1000)], lastLines: [] } })));
    expect(t).toContain(`${'y'.repeat(239)}…`);
    expect(t).not.toContain('y'.repeat(240));
  });

  it('reports timings and how much of the log was read', () => {
    expect(factsOf(summaryCard(model()))).toEqual({
      Workspace: 'prod',
      Type: 'Command',
      Started: '2h 0m ago (2024-07-24 10:00 UTC)',
      'Ran for': '1h 0m',
      Log: 'user_logs/std_log.txt (read 64 KB of 1.5 GB)',
    });
  });

  it('neutralises markdown links in the headline and progress', () => {
    const t = allText(summaryCard(model({ status: 'Running', endedAt: undefined, log: { ...model().log!, failed: false, headline: 'see [docs](https://evil.example)', progress: 'epoch 3 [go](https://evil.example)' } })));
    expect(t).toContain('see [docs] (https://evil.example)');
    expect(t).toContain('Progress: epoch 3 [go] (https://evil.example)');
    expect(t).not.toContain('🔎');
  });

  it('says why there is no log', () => {
    expect(allText(summaryCard(model({ log: undefined, status: 'Queued', startedAt: undefined, endedAt: undefined })))).toContain('No log yet.');
    expect(allText(summaryCard(model({ log: undefined, noLogReason: 'The job has not started.' })))).toContain('The job has not started.');
  });

  it('offers Stop updates only while live; Refresh and Show job always, with {h}', () => {
    const live = summaryCard(model({ status: 'Running', endedAt: undefined, live: { stopHandle: H.stop, everySeconds: 15, untilUtc: new Date('2024-07-24T12:30:00Z') } }));
    expect(live.actions).toEqual([
      { type: 'Action.Execute', title: 'Stop updates', verb: VERBS.summaryStop, data: { h: H.stop } },
      { type: 'Action.Execute', title: 'Refresh', verb: VERBS.summaryRefresh, data: { h: H.refresh } },
      { type: 'Action.Execute', title: 'Show job', verb: VERBS.showJob, data: { h: H.show } },
    ]);
    expect(allText(live)).toContain('Updating every 15s until the job ends (at most until 2024-07-24 12:30 UTC). Updated 2024-07-24 12:00 UTC.');
    expect(factsOf(live)['Running for']).toBe('2h 0m');
    expectSafeActions(live, ['train-resnet50-nightly', 'prod']);

    const stopped = summaryCard(model({ stopped: 'Updates stopped by Priya.' }));
    expect(stopped.actions?.map((a) => a.title)).toEqual(['Refresh', 'Show job']);
    expect(allText(stopped)).toContain('Updates stopped by Priya. Last updated 2024-07-24 12:00 UTC.');
  });

  it('matches the snapshot', () => {
    expect(summaryCard(model())).toMatchSnapshot();
  });
});
