import { mapJob } from '../../../src/azureml/job-mapper';
import { Run } from '../../../src/azureml/types';
import { JobCardModel, jobCard } from '../../../src/cards/job-card';
import { VERBS } from '../../../src/cards/verbs';
import { expectCardShape, expectSafeActions } from './card-rules';
import { H, NOW, actionsOf, allText, executesOf, factsOf, hoursAgo, makeJob, textsOf } from './factory';

function model(over: Partial<JobCardModel> = {}): JobCardModel {
  return {
    workspaceAlias: 'prod',
    production: true,
    job: makeJob({ studioUrl: 'https://ml.azure.com/runs/train-resnet50-nightly?wsid=/subscriptions/x' }),
    now: NOW,
    handles: { summary: H.summary, refresh: H.refresh, cancel: H.cancel },
    ...over,
  };
}

describe('jobCard', () => {
  it('leads with the name and the status as icon, word and colour', () => {
    const c = jobCard(model());
    expectCardShape(c);
    expect(c.body[0]).toMatchObject({ type: 'TextBlock', text: 'train-resnet50-nightly', weight: 'bolder' });
    expect(c.body[1]).toMatchObject({ type: 'TextBlock', text: '▶️ Running', color: 'accent' });
    expect(c.fallbackText).toBe('train-resnet50-nightly: Running');
  });

  it.each([
    ['Completed', '✅ Completed', 'good'],
    ['Failed', '❌ Failed', 'attention'],
    ['Canceled', '⏹️ Canceled', 'default'],
    // Teams' light theme draws `warning` yellow on white: warning-tone statuses keep the default colour.
    ['CancelRequested', '⏳ CancelRequested', 'default'],
    ['NotResponding', '⚠️ NotResponding', 'default'],
    ['Queued', '🕒 Queued', 'default'],
    ['Exploding', '🕒 Exploding', 'default'],
  ])('status %s reads "%s" in %s', (status, text, color) => {
    const c = jobCard(model({ job: makeJob({ status }) }));
    expect(c.body[1]).toMatchObject({ text, color });
  });

  it('shows the facts people triage with: workspace, type, experiment, timings humanised', () => {
    const f = factsOf(jobCard(model({ job: makeJob({ endedAt: hoursAgo(0.5), status: 'Failed' }) })));
    expect(f).toMatchObject({
      Workspace: 'prod (production)',
      Type: 'Command',
      Experiment: 'nightly-retrain',
      Compute: 'gpu-cluster',
      Submitter: 'Priya Patel',
      Created: '3h 0m ago (2024-07-24 09:00 UTC)',
      Started: '2h 0m ago (2024-07-24 10:00 UTC)',
      Ended: '30m 0s ago (2024-07-24 11:30 UTC)',
      'Queued for': '1h 0m',
      'Ran for': '1h 30m',
    });
  });

  it('says "Running for" while running and "not started" facts are absent before start', () => {
    expect(factsOf(jobCard(model()))['Running for']).toBe('2h 0m');
    const queued = factsOf(jobCard(model({ job: makeJob({ status: 'Queued', startedAt: undefined, submitter: undefined, compute: undefined }) })));
    expect(queued).not.toHaveProperty('Started');
    expect(queued).not.toHaveProperty('Running for');
    expect(queued.Submitter).toBe('—');
    expect(queued.Compute).toBe('—');
  });

  it('prefers data-plane timings over ARM ones', () => {
    const run: Run = { runId: 'r', status: 'Completed', createdAt: hoursAgo(10), startedAt: hoursAgo(9), endedAt: hoursAgo(8) };
    const f = factsOf(jobCard(model({ run })));
    expect(f['Ran for']).toBe('1h 0m');
    expect(f['Queued for']).toBe('1h 0m');
  });

  it('leads a failed job with the one-line verdict and its next step, not the raw error text', () => {
    const c = jobCard(model({ job: makeJob({ status: 'Failed' }), verdict: { label: 'Likely: User code error', headline: "KeyError: 'val_loss'", nextStep: 'Fix the code at the last traceback.', code: 'UserError' } }));
    const t = textsOf(c);
    expect(t).toContain("🔎 Likely: User code error: KeyError: 'val_loss'");
    expect(t).toContain('Next step: Fix the code at the last traceback.');
    expect(t).toContain('Error code UserError. Summary reads the logs for the evidence.');
    expect(JSON.stringify(c)).toContain('"title":"Summary"');
  });

  it('offers Summary, Cancel job, Refresh and Studio with {h} only', () => {
    const c = jobCard(model());
    expect(c.actions).toEqual([
      { type: 'Action.Execute', title: 'Summary', verb: VERBS.summary, data: { h: H.summary } },
      { type: 'Action.Execute', title: 'Cancel job', verb: VERBS.cancelRequest, data: { h: H.cancel }, style: 'destructive' },
      { type: 'Action.Execute', title: 'Refresh', verb: VERBS.refreshJob, data: { h: H.refresh } },
      { type: 'Action.OpenUrl', title: 'Open in Studio', url: 'https://ml.azure.com/runs/train-resnet50-nightly?wsid=/subscriptions/x' },
    ]);
    expectSafeActions(c, ['train-resnet50-nightly', 'prod']);
  });

  it('has no Cancel button without a cancel handle (finished job, or a user who may not cancel)', () => {
    const c = jobCard(model({ handles: { summary: H.summary, refresh: H.refresh } }));
    expect(executesOf(c).map((a) => a.title)).toEqual(['Summary', 'Refresh']);
  });

  it.each([
    'http://ml.azure.com/runs/x',
    'https://ml.azure.com.evil.example/runs/x',
    'https://evil.example/?next=https://ml.azure.com/',
    'javascript:alert(1)//https://ml.azure.com/',
    'string',
  ])('has no Studio button when Azure sends %j (mapped through mapJob)', (endpoint) => {
    const job = mapJob({ name: 'train-1', properties: { jobType: 'Command', status: 'Running', services: { Studio: { endpoint } } } });
    const c = jobCard(model({ job }));
    expect(actionsOf(c).some((a) => a.type === 'Action.OpenUrl')).toBe(false);
  });

  it('shows the display name only when it differs, with markdown links neutralised', () => {
    const same = jobCard(model({ job: makeJob({ displayName: 'train-resnet50-nightly' }) }));
    expect(same.body[1]).toMatchObject({ text: '▶️ Running' });
    const c = jobCard(model({
      job: makeJob({
        displayName: '[Re-run here](https://evil.example)',
        tags: { note: '[x](https://evil.example)', plain: '' },
        inputs: [{ name: 'data', uri: 'azureml://datastores/x/paths/[y](https://evil.example)' }],
      }),
      notice: 'Cancel requested by [Priya](https://evil.example) at 02:14 UTC',
    }));
    const t = allText(c);
    expect(t).not.toContain('](');
    expect(t).toContain('[Re-run here] (https://evil.example)');
    expect(factsOf(c).Tags).toBe('note=[x] (https://evil.example), plain');
  });

  it('lists pipeline steps with status icons, at most 12 and a count of the rest', () => {
    const children: Run[] = Array.from({ length: 15 }, (_, i) => ({
      runId: `run-${i}`, displayName: i === 0 ? undefined : `step-${i}`, status: i === 1 ? 'Failed' : 'Completed',
    }));
    const t = allText(jobCard(model({ job: makeJob({ type: 'Pipeline' }), children })));
    expect(t).toContain('Steps (15)');
    expect(t).toContain('✅ Completed · run-0');
    expect(t).toContain('❌ Failed · step-1');
    expect(t).toContain('… and 3 more');
    expect(t).not.toContain('step-12');
  });

  it('matches the snapshot', () => {
    expect(jobCard(model({
      job: makeJob({ status: 'Failed', endedAt: hoursAgo(1), tags: { team: 'vision' }, outputs: [{ name: 'model', uri: 'azureml://datastores/x/paths/model' }] }),
      verdict: { label: 'Out of memory', headline: 'RuntimeError: CUDA out of memory.', nextStep: 'Reduce the batch size or use gradient accumulation.', code: 'UserError' },
      children: [{ runId: 'a', displayName: 'prep', status: 'Completed' }],
    }))).toMatchSnapshot();
  });
});
