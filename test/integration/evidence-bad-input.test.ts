import { Card, cardText, firstCard, said, useTestBot } from '../helpers/test-bot';

/**
 * Bad input to `compare` and `promote`, over HTTP against the emulator: each case gets a clear answer, and a card
 * is always a whole card (no "undefined", no raw object, within the size budget), never a broken one.
 */
const t = useTestBot();
const GROUP = { conversationType: 'groupChat' as const, conversationId: 'g:evidence-bad-input' };

/** A model version as Azure ML stores it (the emulator's ARM PUT), registered by someone outside JobOps. */
async function registerVersion(model: string, version: string, properties: Record<string, unknown>): Promise<void> {
  const ws = t.config.workspaces.prod!;
  const url = `${t.emulator.url}/subscriptions/${ws.subscriptionId}/resourceGroups/${ws.resourceGroup}/providers/Microsoft.MachineLearningServices/workspaces/${ws.workspace}/models/${model}/versions/${version}?api-version=2024-04-01`;
  const res = await fetch(url, { method: 'PUT', headers: { authorization: 'Bearer test', 'content-type': 'application/json' }, body: JSON.stringify({ properties }) });
  expect(res.status).toBe(201);
}

beforeAll(async () => {
  t.emulator.addJob({ name: 'ev-ok', status: 'Completed', experimentName: 'ev', metrics: { val_accuracy: 0.9, train_loss: 0.3 } });
  t.emulator.addJob({ name: 'ev-nan', status: 'Completed', experimentName: 'ev', metrics: { val_accuracy: 'NaN', train_loss: 0.3 } });
  t.emulator.addJob({ name: 'ev-untracked', status: 'Completed', experimentName: 'ev', untracked: true });
  t.emulator.addJob({ name: 'ev-sweep-none', type: 'Sweep', status: 'Completed', experimentName: 'ev' });
  t.emulator.addJob({ name: 'ev-sweep-none_0', parent: 'ev-sweep-none', status: 'Failed', experimentName: 'ev' });
  t.emulator.addJob({ name: 'ev-sweep-noobj', type: 'Sweep', status: 'Completed', experimentName: 'ev', primaryMetric: null });
  t.emulator.addJob({ name: 'ev-sweep-noobj_0', parent: 'ev-sweep-noobj', status: 'Completed', experimentName: 'ev' });
  t.emulator.addJob({ name: 'ev-sweep-f1', type: 'Sweep', status: 'Completed', experimentName: 'ev', primaryMetric: 'f1' });
  t.emulator.addJob({ name: 'ev-sweep-f1_0', parent: 'ev-sweep-f1', status: 'Completed', experimentName: 'ev' });
  t.emulator.addJob({ name: 'ev-pipe', type: 'Pipeline', status: 'Completed', experimentName: 'ev' });
  for (const step of ['prep', 'score']) t.emulator.addJob({ name: `ev-pipe-${step}`, displayName: step, parent: 'ev-pipe', status: 'Completed', experimentName: 'ev' });
  for (const name of ['ev-cand-1', 'ev-cand-2']) t.emulator.addJob({ name, workspace: 'mlw-prod', status: 'Completed', metrics: { auc: 0.93 } });
  t.emulator.addJob({ name: 'ev-pass', workspace: 'mlw-prod', status: 'Completed', metrics: { auc: 0.935, latency_ms: 35 } });
  await registerVersion('churn-gbm', '1', { modelUri: 'azureml://datastores/workspaceblobstore/paths/models/churn/', modelType: 'custom_model' });
  await registerVersion('churn-old', '3', { modelUri: 'azureml://jobs/train-churn-deleted-9/outputs/model/', jobName: 'train-churn-deleted-9', modelType: 'mlflow_model' });
});

/** The card's text, after checking it is a whole card a client can render. */
function readable(card: Card): string {
  const text = cardText(card);
  expect(card.type).toBe('AdaptiveCard');
  expect(text).not.toMatch(/undefined|\[object /);
  expect(JSON.stringify(card).length).toBeLessThan(28_000);
  return text;
}

const compare = async (a: string, b: string): Promise<string> => readable(firstCard((await t.send(`compare ${a} ${b}`)).activities));

describe('compare: runs with nothing to compare say why', () => {
  it('MLflow answers 404 for a run: the card says MLflow has no run for it, the other side still shows', async () => {
    const text = await compare('ev-untracked', 'ev-ok');
    expect(text).toContain('A (ev-untracked) has no metrics: MLflow has no run for it.');
    expect(text).toMatch(/≠ val_accuracy\nnot logged\n0\.9\n/);
  });

  it('a sweep with no completed trial, with no primary metric, or whose trials never logged it', async () => {
    expect(await compare('ev-sweep-none', 'ev-ok')).toContain('A (ev-sweep-none) has no metrics: no trial completed.');
    expect(await compare('ev-sweep-noobj', 'ev-ok')).toContain('A (ev-sweep-noobj) has no metrics: the sweep names no primary metric, so no trial is best.');
    expect(await compare('ev-sweep-f1', 'ev-ok')).toContain('A (ev-sweep-f1) has no metrics: no trial logged f1.');
  });

  it('a pipeline with no step that produced a model', async () => {
    expect(await compare('ev-pipe', 'ev-ok')).toContain('A (ev-pipe) has no metrics: no step of the pipeline produced its model output.');
  });

  it('NaN against a real number under the same name: both values, "not comparable", and listed first as a difference', async () => {
    const text = await compare('ev-nan', 'ev-ok');
    expect(text).toMatch(/Metrics \(final values\)\n≠ val_accuracy\nNaN\nstep 20[^\n]*\n0\.9\nnot comparable\nstep 20[^\n]*\ntrain_loss\n0\.3\n/);
  });
});

describe('promote: bad input gets a clear answer', () => {
  it('an unknown job: "no job named", and nothing is asked', async () => {
    const r = await t.send('promote ev-no-such-job in prod as fraud-gbm', GROUP);
    expect(said(r.activities)).toMatch(/No job named `ev-no-such-job` in workspace `prod`\./);
    expect(r.activities.flatMap((a) => a.attachments ?? [])).toHaveLength(0);
    expect((await t.bot.deps.approvals.listOpen()).filter((x) => x.value.job === 'ev-no-such-job')).toHaveLength(0);
  });

  it('the current version names no source job, or its source job cannot be read: the card says so and still asks', async () => {
    const none = readable(firstCard((await t.send('promote ev-cand-1 in prod as churn-gbm', GROUP)).activities));
    expect(none).toContain('Approval: Promote ev-cand-1 as churn-gbm');
    expect(none).toContain('Evidence: metrics vs churn-gbm version 1\n');
    expect(none).toContain('version 1 names no source job, so its metrics are unknown.');
    expect(none).toMatch(/auc: 0\.93 \(step 20/);
    const gone = readable(firstCard((await t.send('promote ev-cand-2 in prod as churn-old', GROUP)).activities));
    expect(gone).toContain('Evidence: metrics vs churn-old version 3 (from train-churn-deleted-9)');
    expect(gone).toContain('the source job of version 3 (train-churn-deleted-9) could not be read.');
  });

  it('"anyway because" with no reason is refused with an example; nothing is asked', async () => {
    const r = await t.send('promote ev-pass in prod as fraud-gbm anyway because', GROUP);
    expect(said(r.activities)).toMatch(/Say why after "anyway because", for example `anyway because latency is measured on the old hardware`\./);
    expect((await t.bot.deps.approvals.listOpen()).filter((x) => x.value.job === 'ev-pass')).toHaveLength(0);
  });

  it('a reason when no gate failed: the requester is told nothing is overridden; the reason is kept on the request and in the audit', async () => {
    const reason = 'the quarterly release train leaves today';
    const r = await t.send(`promote ev-pass in prod as fraud-gbm anyway because ${reason}`, GROUP);
    expect(said(r.activities)).toContain('Every acceptance gate for `fraud-gbm` passed, so there is nothing to override; your "anyway because" text goes on the request as its reason.');
    const text = readable(firstCard(r.activities));
    expect(text).toContain('Approval: Promote ev-pass as fraud-gbm');
    expect(text).toContain(`Reason: ${reason}`);
    expect(text).not.toMatch(/FAILED|overridden/);
    const trail = await t.bot.deps.audit.forJob('prod', 'ev-pass');
    expect(trail.entries.find((e) => e.action === 'approval.requested')?.detail).toMatchObject({ reason });
    expect(trail.entries.find((e) => e.action === 'approval.requested')?.detail?.gatesOverridden).toBeUndefined();
  });
});
