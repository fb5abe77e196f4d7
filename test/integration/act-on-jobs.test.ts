import { VERBS } from '../../src/cards/verbs';
import { approvalIdOf, buttonData, cardActions, cardText, firstCard, said, USERS, useTestBot } from '../helpers/test-bot';

/**
 * Issue 12 over HTTP against the emulator's seeded scenario (manual clock at t0): why a job is queued, what a run has
 * cost, rerun (one job per request, however often it is pressed or replayed), production rerun through an approval,
 * and a job's outputs.
 */
const t = useTestBot();
beforeEach(() => t.emulator.stats.reset());

const GROUP = { conversationType: 'groupChat' as const, conversationId: 'g:act-prod' };
const button = buttonData;
const approvalId = approvalIdOf;

async function armJob(ws: string, name: string): Promise<{ status: number; body: { properties?: { tags?: Record<string, string>; status?: string; jobType?: string } } }> {
  const w = t.config.workspaces[ws]!;
  const res = await fetch(`${t.emulator.url}/subscriptions/${w.subscriptionId}/resourceGroups/${w.resourceGroup}/providers/Microsoft.MachineLearningServices/workspaces/${w.workspace}/jobs/${name}?api-version=2024-04-01`, { headers: { authorization: 'Bearer test' } });
  return { status: res.status, body: (await res.json()) as never };
}

describe('why is it queued', () => {
  it('a job behind a full cluster: one sentence with the numbers and who holds the nodes; compute reads cached per workspace', async () => {
    const text = cardText(firstCard((await t.send('show train-detr-coco-15')).activities));
    expect(text).toContain('Waiting for a node: cluster gpu-cluster-nc6 is at its maximum of 4 nodes, all busy (running there: ');
    expect(text).toContain('sweep-lr-42');
    expect(text).toMatch(/4 of 4 nodes busy, 0 idle; Steady/);
    // The reason leads: it comes before the facts.
    expect(text.indexOf('Waiting for a node')).toBeLessThan(text.indexOf('Workspace'));
    const c = t.emulator.stats.snapshot().counts;
    expect({ jobGet: c.jobGet, computeGet: c.computeGet, usagesList: c.usagesList, vmSizesList: c.vmSizesList, jobsList: c.jobsList })
      .toEqual({ jobGet: 1, computeGet: 1, usagesList: 1, vmSizesList: 1, jobsList: 1 });
    // Within the cache window the same card costs only the job GET.
    t.emulator.stats.reset();
    await t.send('show train-detr-coco-15');
    const again = t.emulator.stats.snapshot().counts;
    expect(again.jobGet).toBe(1);
    expect(again.computeGet ?? 0).toBe(0);
    expect(again.usagesList ?? 0).toBe(0);
    expect(again.jobsList ?? 0).toBe(0);
  });

  it('a job on a cluster whose VM family is out of quota says so with the family, region and cores', async () => {
    const text = cardText(firstCard((await t.send('show train-fraud-llm-prod-4 in prod')).activities));
    expect(text).toContain('The cluster cannot grow: 96 of 96 cores of the NCADSA100v4 family in eastus2 are in use, and one more Standard_NC24ads_A100_v4 node needs 24.');
  });

  it('a job queued for less than a minute gets no explanation and no compute read', async () => {
    t.emulator.addJob({ name: 'act-just-queued', status: 'Queued' });
    t.emulator.stats.reset();
    // addJob places the job 10 minutes in the past; one created now is the interesting case.
    const text = cardText(firstCard((await t.send('show eval-llm-harness-12')).activities));
    expect(text).not.toMatch(/Waiting for a node|cannot grow|Waiting to be scheduled/);
    expect(t.emulator.stats.snapshot().counts.computeGet ?? 0).toBe(0);
  });
});

describe('what has it cost', () => {
  it('a running job shows node-hours, GPU-hours and an estimate at list price, and what another hour costs', async () => {
    const text = cardText(firstCard((await t.send('show train-resnet50-nightly')).activities));
    // 45 minutes on one Standard_NC6s_v3 (1 GPU, $3.06 per hour at list price).
    expect(text).toMatch(/Used so far: 0\.8 node-hours, 0\.8 GPU-hours, about \$2\.(29|30) \(estimate at list price\)/);
    expect(text).toMatch(/Continuing costs: about \$3\.06 per hour \(1 node, estimate at list price\)/);
  });

  it('the cancel confirmation says what the run has used and what stopping it saves per hour', async () => {
    const text = cardText(firstCard((await t.send('cancel train-resnet50-nightly because wrong data')).activities));
    expect(text).toContain('Cancel train-resnet50-nightly?');
    expect(text).toMatch(/Used so far: 0\.8 node-hours, 0\.8 GPU-hours, about \$2\.(29|30) \(estimate at list price\)/);
    expect(text).toContain('Stopping saves: about $3.06 per hour (1 node, estimate at list price)');
  });

  it('a summary of a queued job leads with why it waits', async () => {
    const text = cardText(firstCard((await t.send('summary train-fraud-llm-prod-4 in prod')).activities));
    expect(text).toContain('The cluster cannot grow: 96 of 96 cores of the NCADSA100v4 family');
  });

  it('a production cancel approval shows the manager what it has cost and what continuing costs per hour', async () => {
    const card = firstCard((await t.send('cancel 0b9e6d2a-41f7-4c3e-8a2d-6f5e4c3b2a19 in prod because burning GPUs', GROUP)).activities);
    const text = cardText(card);
    expect(text).toContain('Approval: Cancel 0b9e6d2a-41f7-4c3e-8a2d-6f5e4c3b2a19');
    // 22 minutes on one Standard_NC24ads_A100_v4 at $3.673 per hour.
    expect(text).toMatch(/Used so far: 0\.4 node-hours, 0\.4 GPU-hours, about \$1\.35 \(estimate at list price\)/);
    expect(text).toMatch(/Continuing costs: about \$3\.67 per hour \(1 node, estimate at list price\)/);
  });
});

describe('rerun', () => {
  it('a failed job: confirmation card, then the new job; a double click and a replayed invoke create one job', async () => {
    const shown = firstCard((await t.send('show train-lstm-sentiment-14')).activities);
    expect(cardActions(shown).map((a) => a.title)).toContain('Rerun');
    t.emulator.stats.reset();
    const confirm = firstCard((await t.send('rerun train-lstm-sentiment-14 because fixed the tokenizer')).activities);
    const text = cardText(confirm);
    expect(text).toContain('Run train-lstm-sentiment-14 again?');
    expect(text).toMatch(/New job: train-lstm-sentiment-14-rerun-[0-9a-f]{6}/);
    expect(text).toContain('fixed the tokenizer');
    expect(t.emulator.stats.snapshot().counts.jobCreate ?? 0).toBe(0); // nothing submitted yet
    const newName = /train-lstm-sentiment-14-rerun-[0-9a-f]{6}/.exec(text)![0];
    const data = button(confirm, VERBS.rerunConfirm);
    const [a, b] = await Promise.all([t.invoke(VERBS.rerunConfirm, data), t.invoke(VERBS.rerunConfirm, data)]);
    const replay = await t.invoke(VERBS.rerunConfirm, data);
    for (const r of [a, b, replay]) {
      expect(r.status).toBe(200);
      const after = cardText(r.body.value);
      expect(after).toContain(newName);
      expect(after).toContain('Rerun of train-lstm-sentiment-14');
    }
    // One PUT: the presses that lost the compare-and-set never submit, the replay finds the job by its name.
    expect(t.emulator.stats.snapshot().counts.jobCreate).toBe(1);
    const list = said((await t.send('list tag=jobops.rerunOf top=25')).activities);
    expect(list.match(/train-lstm-sentiment-14-rerun-/g)).toHaveLength(1);
    const made = await armJob('dev', newName);
    expect(made.status).toBe(200);
    expect(made.body.properties?.tags).toMatchObject({ 'jobops.rerunOf': 'train-lstm-sentiment-14', team: 'nlp' });
    expect(made.body.properties?.jobType).toBe('Command');
  });

  it('Keep as is submits nothing', async () => {
    const confirm = firstCard((await t.send('rerun train-unet-segmentation-11')).activities);
    t.emulator.stats.reset();
    const kept = await t.invoke(VERBS.rerunKeep, button(confirm, VERBS.rerunKeep));
    expect(cardText(kept.body.value)).toContain('Not rerun: kept as it is by Alice Operator');
    expect(t.emulator.stats.snapshot().counts.jobCreate ?? 0).toBe(0);
  });

  it('a pipeline and a sweep can be rerun; AutoML and running jobs are refused with a reason', async () => {
    expect(cardText(firstCard((await t.send('rerun pipe-train-eval-8')).activities))).toContain('Run pipe-train-eval-8 again?');
    const automl = cardText(firstCard((await t.send('rerun automl-churn-classify-2')).activities));
    expect(automl).toContain('Rerun does not support AutoML jobs');
    expect(cardActions(firstCard((await t.send('rerun automl-churn-classify-2')).activities)).map((a) => a.verb)).not.toContain(VERBS.rerunConfirm);
    expect(cardText(firstCard((await t.send('rerun train-resnet50-nightly')).activities))).toContain('is still Running; only a job that has ended can be run again');
  });

  it('production: an approval with its own action; approving submits one job, a second press none', async () => {
    const card = firstCard((await t.send('rerun pipe-retrain-prod-16 in prod because storage permission fixed', GROUP)).activities);
    expect(cardText(card)).toContain('Approval: Rerun pipe-retrain-prod-16');
    expect(cardText(card)).toMatch(/New job: pipe-retrain-prod-16-rerun-[0-9a-f]{6}/);
    t.emulator.stats.reset();
    const id = approvalId(card);
    const approved = cardText((await t.invoke(VERBS.approvalApprove, { h: id }, { ...GROUP, user: USERS.marco })).body.value);
    expect(approved).toMatch(/Submitted pipe-retrain-prod-16-rerun-[0-9a-f]{6} \(\w+\) — approved by Marco Manager/);
    const twice = cardText((await t.invoke(VERBS.approvalApprove, { h: id }, { ...GROUP, user: USERS.marco })).body.value);
    expect(twice).toMatch(/Submitted pipe-retrain-prod-16-rerun/);
    expect(t.emulator.stats.snapshot().counts.jobCreate).toBe(1);
    const audit = said((await t.send('audit pipe-retrain-prod-16 in prod', GROUP)).activities);
    expect(audit).toMatch(/rerun|job\.create/i);
  });

  it('production rerun is never a confirmation card, and the requester cannot approve it', async () => {
    const card = firstCard((await t.send('rerun train-fraud-gbm-prod-20 in prod', GROUP)).activities);
    expect(cardActions(card).map((a) => a.verb)).not.toContain(VERBS.rerunConfirm);
    const self = cardText((await t.invoke(VERBS.approvalApprove, { h: approvalId(card) }, GROUP)).body.value);
    expect(self).not.toMatch(/Submitted/);
    expect(t.emulator.stats.snapshot().counts.jobCreate ?? 0).toBe(0);
  });
});

describe('help', () => {
  it('lists rerun and outputs with their grammar', async () => {
    const text = cardText(firstCard((await t.send('help')).activities));
    expect(text).toContain('rerun <job> [in <ws>] [because <reason>]');
    expect(text).toContain('outputs <job> [in <ws>]');
    expect(text).toMatch(/why a queued job waits; cost so far/);
  });

  it('a bad rerun or outputs command gets a clear hint and no Azure call', async () => {
    t.emulator.stats.reset();
    expect(said((await t.send('rerun')).activities)).toContain('Which job? For example: `rerun train-bert-finetune-7 because fixed the batch size`');
    expect(said((await t.send('rerun train-x because')).activities)).toContain('Say why after "because".');
    expect(said((await t.send('outputs bad/name')).activities)).toMatch(/is not a valid Azure ML job name/);
    expect(t.emulator.stats.snapshot().total).toBe(0);
  });
});

describe('outputs', () => {
  it('lists named outputs and log folders as azureml:// URIs with the exact az ml job download command; no SAS, no key', async () => {
    const r = await t.send('outputs train-resnet50-nightly');
    const card = firstCard(r.activities);
    const text = cardText(card);
    expect(text).toContain('Outputs of train-resnet50-nightly');
    expect(text).toContain('azureml://datastores/workspaceartifactstore/ExperimentRun/dcid.train-resnet50-nightly');
    expect(text).toContain('azureml://jobs/train-resnet50-nightly/outputs/artifacts/paths/user_logs/');
    expect(text).toContain('az ml job download --name train-resnet50-nightly --resource-group jobops-local --workspace-name mlw-dev --subscription 00000000-0000-0000-0000-000000000000 --all --download-path ./train-resnet50-nightly');
    expect(text).toContain('--output-name default');
    const json = JSON.stringify(card);
    expect(json).not.toMatch(/sig=|blob\.core|AccountKey|SharedAccessSignature|127\.0\.0\.1/);
    expect(json).toContain('https://ml.azure.com/runs/train-resnet50-nightly');
    expect(t.emulator.stats.snapshot().counts.jobGet).toBe(1);
  });

  it('an unknown job gets a clear answer', async () => {
    expect(said((await t.send('outputs no-such-job-xyz')).activities)).toMatch(/No job named `no-such-job-xyz` in workspace `dev`/);
  });
});
