import { VERBS } from '../../src/cards/verbs';
import { cardActions, cardText, firstCard, useTestBot } from '../helpers/test-bot';

/** `compare <a> <b>` and the "Compare with last good run" button, over HTTP against the emulator. */
const t = useTestBot();
beforeAll(() => {
  t.emulator.addJob({ name: 'cmp-nan', workspace: 'mlw-dev', status: 'Completed', experimentName: 'cmp', metrics: { val_accuracy: 'NaN', train_loss: 'Infinity' } });
  t.emulator.addJob({ name: 'cmp-none', workspace: 'mlw-dev', status: 'Completed', experimentName: 'cmp', metrics: {} });
  t.emulator.addJob({ name: 'cmp-other-names', workspace: 'mlw-dev', status: 'Completed', experimentName: 'cmp', metrics: { f1: 0.8, accuracy: 0.91 } });
  t.emulator.addJob({ name: 'cmp-lonely-fail', workspace: 'mlw-dev', status: 'Failed', experimentName: 'cmp-lonely' });
  // Two command runs that differ in one flag, their compute and node count (the same data and environment). In prod:
  // more jobs in dev would push sweep-lr-42 off the first page that the not-found answer's near names come from.
  const cmd = (lr: string): string => `python train.py --lr ${lr} --epochs 20 --data azureml:reviews:3`;
  t.emulator.addJob({ name: 'cmp-lr-a', workspace: 'mlw-prod', status: 'Completed', experimentName: 'cmp-lr', command: cmd('0.01'), compute: 'prod-cpu-d8', nodes: 1, metrics: { val_accuracy: 0.88 } });
  t.emulator.addJob({ name: 'cmp-lr-b', workspace: 'mlw-prod', status: 'Completed', experimentName: 'cmp-lr', command: cmd('0.001'), compute: 'prod-gpu-a100', nodes: 4, metrics: { val_accuracy: 0.9 } });
});
beforeEach(() => t.emulator.stats.reset());

const counts = (): Partial<Record<string, number>> => t.emulator.stats.snapshot().counts;
const said = (activities: { text?: string }[]): string => activities.map((a) => a.text ?? '').join('\n');

describe('compare <job> <job> [in <ws>]', () => {
  it('puts a pipeline and a command job side by side: metrics with delta and direction, differing params, run facts, inputs, outputs', async () => {
    const card = firstCard((await t.send('compare pipe-retrain-prod-15 train-fraud-gbm-prod-21 in prod')).activities);
    const text = cardText(card);
    expect(text).toContain('Compare pipe-retrain-prod-15 ↔ train-fraud-gbm-prod-21');
    expect(text).toMatch(/metrics from step train \(it produced the pipeline's model output\)/);
    // auc went up (better), latency_ms went up (worse): the words say it, not only the colour.
    expect(text).toMatch(/auc\n0\.927\n[^\n]*\n0\.941\n\+0\.014 \(\+1\.5%\) ▲ better/);
    expect(text).toMatch(/latency_ms\n36\.2\n[^\n]*\n43\.4\n\+7\.2 \(\+19\.9%\) ▲ worse/);
    expect(text).toMatch(/≠ training_data\nfraud-transactions v11\nfraud-transactions v12/);
    expect(text).toMatch(/≠ Type\nPipeline\nCommand/);
    expect(text).toMatch(/step 20 · \d\d-\d\d \d\d:\d\d UTC/);
    // Parameters: the pipeline's train step passes only input/output bindings; the command job sets --config, and epochs.
    expect(text).toMatch(/Parameters that differ\n≠ config\nnot set\nconfigs\/default\.yaml\n≠ epochs\nnot set\n20\n/);
    // Run facts: the same compute; a pipeline names no node count, environment or command of its own.
    expect(text).toMatch(/\nCompute\nprod-cpu-d8\nprod-cpu-d8\n/);
    expect(text).toMatch(/≠ Nodes\n—\n1\n/);
    expect(text).toMatch(/≠ Environment\n—\nfraud-gbm-env:3\n/);
    expect(text).toMatch(/≠ Command\n—\npython train\.py --config configs\/default\.yaml\n/);
    // Outputs: the pipeline's MLflow model output against the command job's default output folder.
    expect(text).toMatch(/Outputs\n≠ model\nmlflow_model\nnone\n≠ default\nnone\nazureml:\/\/datastores\/workspaceartifactstore\/ExperimentRun\/dcid\.train-fraud-gbm-prod-21$/);
    // P2: 2 job GETs, 1 children list (the pipeline), 2 runs/get; first use in the process also reads the workspace
    // twice (tracking URI for MLflow, discovery URL for run history), then never again (next test).
    expect(counts()).toMatchObject({ jobGet: 2, runChildren: 1, mlflowRunGet: 2, workspaceGet: 2, discovery: 1 });
    expect(JSON.stringify(card).length).toBeLessThan(28_000);
  });

  it('two command runs: the command diff keeps the changed flag, the differing parameter, compute and node count', async () => {
    const text = cardText(firstCard((await t.send('compare cmp-lr-a cmp-lr-b in prod')).activities));
    expect(text).toMatch(/≠ Command\n… --lr 0\.01 …\n… --lr 0\.001 …\n/);
    expect(text).toMatch(/Parameters that differ\n≠ lr\n0\.01\n0\.001\n2 more are the same\./);
    expect(text).toMatch(/≠ Compute\nprod-cpu-d8\nprod-gpu-a100\n/);
    expect(text).toMatch(/≠ Nodes\n1\n4\n/);
    expect(text).toMatch(/\nEnvironment\nresnet50-env:3\nresnet50-env:3\n/);
    expect(text).toMatch(/≠ val_accuracy\n0\.88\n[^\n]*\n0\.9\n\+0\.02 \(\+2\.3%\) ▲ better/);
  });

  it('a sweep speaks through its best trial, and says which', async () => {
    const text = cardText(firstCard((await t.send('compare sweep-dropout-9 train-resnet50-nightly')).activities));
    expect(text).toMatch(/metrics from best trial sweep-dropout-9_\d \(maximize val_accuracy of 3 completed\)/);
    expect(counts()).toMatchObject({ jobGet: 2, runChildren: 1, mlflowRunGet: 4 });
    // The tracking URI and discovery URL are cached per workspace: the same compare again reads no workspace.
    t.emulator.stats.reset();
    await t.send('compare sweep-dropout-9 train-resnet50-nightly');
    expect(counts().workspaceGet ?? 0).toBe(0);
  });

  it('NaN and infinite values, no metrics, and different metric names each give a readable card', async () => {
    const nan = cardText(firstCard((await t.send('compare cmp-nan cmp-other-names')).activities));
    expect(nan).toMatch(/val_accuracy\nNaN\nstep 20[^\n]*\nnot logged/);
    expect(nan).toMatch(/train_loss\n∞\nstep 20[^\n]*\nnot logged/);
    expect(nan).toMatch(/f1\nnot logged\n0\.8/);
    const none = cardText(firstCard((await t.send('compare cmp-none cmp-nan')).activities));
    expect(none).toMatch(/A \(cmp-none\) has no metrics: it logged no metrics\./);
  });

  it('an unknown job gets the not-found answer with near names; the same job twice is refused', async () => {
    expect(said((await t.send('compare sweep-lr-4 sweep-lr-42')).activities)).toMatch(/No job named `sweep-lr-4` in workspace `dev`\. Did you mean `sweep-lr-42`/);
    expect(said((await t.send('compare sweep-lr-42 sweep-lr-42')).activities)).toMatch(/Those are the same job/);
    expect(said((await t.send('compare sweep-lr-42')).activities)).toMatch(/Name two jobs/);
  });
});

describe('Compare with last good run', () => {
  it('on show of a failed job: compares it with the newest Completed job of its experiment', async () => {
    const show = firstCard((await t.send('show train-fraud-gbm-prod-20 in prod')).activities);
    const button = cardActions(show).find((a) => a.title === 'Compare with last good run');
    expect(button?.verb).toBe(VERBS.compareLastGood);
    t.emulator.stats.reset();
    const r = await t.invoke(VERBS.compareLastGood, button!.data);
    const text = cardText(r.body.value);
    expect(text).toContain('train-fraud-gbm-prod-20 vs last good run train-fraud-gbm-prod-21');
    expect(text).toMatch(/auc\n0\.941\n[^\n]*\n0\.\d+\n−0\.\d+ \(−\d+\.\d%\) ▼ worse\nstep 16/);
    // The list is walked newest first until the experiment's newest Completed job (at most 5 pages); with the
    // scenario's queued jobs (issue 12) it sits on the second page.
    expect(counts()).toMatchObject({ jobGet: 2, mlflowRunGet: 2 });
    expect(counts().jobsList).toBeGreaterThanOrEqual(1);
    expect(counts().jobsList).toBeLessThanOrEqual(2);
  });

  it('says so when the experiment has no other Completed job', async () => {
    const show = firstCard((await t.send('show cmp-lonely-fail')).activities);
    const button = cardActions(show).find((a) => a.title === 'Compare with last good run')!;
    const r = await t.invoke(VERBS.compareLastGood, button.data);
    expect(cardText(r.body.value)).toMatch(/No other Completed job of experiment `cmp-lonely` in `dev`/);
  });

  it('a running job has no such button', async () => {
    const show = firstCard((await t.send('show train-fraud-gbm-prod-22 in prod')).activities);
    expect(cardActions(show).map((a) => a.title)).not.toContain('Compare with last good run');
  });

  it('forged, foreign or wrong-kind data is refused with no Azure call', async () => {
    const show = firstCard((await t.send('show train-fraud-gbm-prod-20 in prod')).activities);
    const button = cardActions(show).find((a) => a.title === 'Compare with last good run')!;
    const list = firstCard((await t.send('list in prod')).activities);
    // A list's More button (a sealed query): the wrong kind for compare. A list row's button is a job read handle,
    // the same as Show's (conversation, workspace, job), so it is not "wrong-kind" for a read-only verb.
    const listHandle = cardActions(list).find((a) => a.verb === VERBS.listMore)!.data.h;
    t.emulator.stats.reset();
    for (const [data, conv] of [
      [{ h: 'A'.repeat(22) }, undefined],
      [{ h: button.data.h, job: 'pipe-retrain-prod-16' }, undefined],
      [{ h: button.data.h }, 'a:someone-else'],
      [{ h: listHandle }, undefined],
      ['train-fraud-gbm-prod-20', undefined],
    ] as const) {
      const r = await t.invoke(VERBS.compareLastGood, data, conv ? { conversationId: conv } : {});
      expect(cardText(r.body.value)).toMatch(/Card out of date/);
    }
    expect(t.emulator.stats.snapshot().total).toBe(0);
  });
});

describe('R6: the shipped JobOps role is enough for compare and promotion evidence', () => {
  it('compare, last good run and promote with gates run with no 403 (MLflow and model versions need no new action)', async () => {
    const fs = await import('node:fs');
    const path = await import('node:path');
    const bicep = fs.readFileSync(path.join(__dirname, '../../infra/modules/jobops-role.bicep'), 'utf8');
    const actions = [...(/^var jobOpsActions = \[([^\]]*)\]/m.exec(bicep)?.[1] ?? '').replace(/\/\/.*$/gm, '').matchAll(/'([^']+)'/g)].map((m) => m[1]!);
    t.emulator.rbac.set({ actions });
    try {
      expect(cardText(firstCard((await t.send('compare pipe-retrain-prod-15 sweep-fraud-hparams-7 in prod')).activities))).toMatch(/Compare/);
      expect(cardText(firstCard((await t.send('promote train-fraud-gbm-prod-21 in prod as fraud-gbm', { conversationType: 'groupChat', conversationId: 'g:rbac' })).activities))).toMatch(/Not promoted/);
      expect(t.emulator.rbac.denials()).toEqual([]);
      expect(counts().mlflowRunGet).toBeGreaterThan(0);
    } finally {
      t.emulator.rbac.set(undefined);
    }
  });
});
