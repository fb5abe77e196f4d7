import { AzureMachineLearningWorkspaces, CommandJob, JobBasePropertiesUnion, PipelineJob, SweepJob } from '@azure/arm-machinelearning';
import { TokenCredential } from '@azure/core-auth';
import { bearerTokenAuthenticationPolicyName, PipelinePolicy, RestError } from '@azure/core-rest-pipeline';
import {
  EMULATOR_DEV_WORKSPACE,
  EMULATOR_PROD_WORKSPACE,
  EMULATOR_RESOURCE_GROUP,
  EMULATOR_SUBSCRIPTION_ID,
  RunningEmulator,
  startEmulator,
} from '../../src/emulator';

const RG = EMULATOR_RESOURCE_GROUP;
const DEV = EMULATOR_DEV_WORKSPACE;
const PROD = EMULATOR_PROD_WORKSPACE;

const credential: TokenCredential = { getToken: async () => ({ token: 'unused', expiresOnTimestamp: Date.now() + 3600_000 }) };

/** Loopback only: the SDK refuses bearer tokens and plain http otherwise (azureml-facts.md). */
const loopbackPolicy: PipelinePolicy = {
  name: 'jobopsLoopbackAuth',
  sendRequest: (request, next) => {
    const host = new URL(request.url).hostname;
    if (host !== '127.0.0.1' && host !== 'localhost') throw new Error(`refusing non-loopback ${host}`);
    request.allowInsecureConnection = true;
    request.headers.set('Authorization', 'Bearer local');
    return next(request);
  },
};

function sdkClient(url: string): AzureMachineLearningWorkspaces {
  const client = new AzureMachineLearningWorkspaces(credential, EMULATOR_SUBSCRIPTION_ID, { endpoint: url });
  client.pipeline.removePolicy({ name: bearerTokenAuthenticationPolicyName });
  client.pipeline.addPolicy(loopbackPolicy);
  return client;
}

async function listNames(client: AzureMachineLearningWorkspaces, ws: string, opts = {}): Promise<JobBasePropertiesUnion[]> {
  const out: JobBasePropertiesUnion[] = [];
  for await (const job of client.jobs.list(RG, ws, opts)) out.push(job.properties);
  return out;
}

describe('emulator driven by @azure/arm-machinelearning', () => {
  let emu: RunningEmulator;
  let client: AzureMachineLearningWorkspaces;

  beforeAll(async () => {
    emu = await startEmulator({ clock: 'manual', pageSize: 4, lroRetryAfterSeconds: 0 });
    client = sdkClient(emu.url);
  });
  afterAll(async () => emu.stop());
  beforeEach(() => {
    emu.reset();
    emu.setCancelMode('sync');
  });

  it('gets the workspace with a discoveryUrl on the emulator', async () => {
    const ws = await client.workspaces.get(RG, DEV);
    expect(ws.discoveryUrl).toBe(`${emu.url}/discovery`);
    expect(emu.stats.snapshot().counts.workspaceGet).toBe(1);
  });

  it('pages through all jobs, newest first, one call per page', async () => {
    const pages: number[] = [];
    const names: string[] = [];
    for await (const page of client.jobs.list(RG, DEV).byPage()) {
      pages.push(page.length);
      names.push(...page.map((j) => j.name ?? ''));
    }
    expect(names).toHaveLength(20); // 21 dev jobs, one archived
    expect(new Set(names).size).toBe(20);
    expect(pages).toEqual([4, 4, 4, 4, 4]);
    expect(emu.stats.snapshot().counts.jobsList).toBe(5);
    const all = await client.jobs.list(RG, DEV, { listViewType: 'All' });
    const created: number[] = [];
    for await (const j of all) created.push(j.systemData?.createdAt?.getTime() ?? 0);
    expect(created).toHaveLength(21);
    expect([...created].sort((a, b) => b - a)).toEqual(created);
  });

  it('filters by jobType and tag across pages', async () => {
    const sweeps = await listNames(client, DEV, { jobType: 'Sweep' });
    expect(sweeps.map((j) => j.displayName).sort()).toEqual(['sweep-dropout-9', 'sweep-lr-42']);
    const tagged = await listNames(client, DEV, { tag: 'project' });
    expect(tagged.length).toBeGreaterThan(4); // spans pages
    expect(tagged.every((j) => j.tags && 'project' in j.tags)).toBe(true);
    const archived = await listNames(client, DEV, { listViewType: 'ArchivedOnly' });
    expect(archived.map((j) => j.displayName)).toEqual(['train-ranker-archived-1']);
  });

  it('deserializes every job type', async () => {
    const command = await client.jobs.get(RG, DEV, 'train-resnet50-nightly');
    expect(command.properties.jobType).toBe('Command');
    expect(command.properties.status).toBe('Running');
    expect(command.systemData?.createdBy).toBe('Dana Scientist');
    expect(command.properties.properties?.StartTimeUtc).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    expect((command.properties as CommandJob).command).toContain('resnet50');
    const sweep = await client.jobs.get(RG, DEV, 'sweep-lr-42');
    expect(sweep.properties.jobType).toBe('Sweep');
    expect((sweep.properties as SweepJob).trial.command).toBeTruthy();
    const pipeline = await client.jobs.get(RG, PROD, 'pipe-retrain-prod-17');
    expect(pipeline.properties.jobType).toBe('Pipeline');
    expect(Object.keys((pipeline.properties as PipelineJob).jobs ?? {})).toHaveLength(4);
    const automl = await client.jobs.get(RG, DEV, 'automl-churn-classify-2');
    expect(automl.properties.jobType).toBe('AutoML');
    expect(automl.properties.status).toBe('Failed');
    expect(JSON.parse(automl.properties.properties?.errors ?? '{}').error.code).toBe('UserError');
  });

  it('raises RestError 404 with a code for a missing job, 400 for an invalid name', async () => {
    const missing = await client.jobs.get(RG, DEV, 'no-such-job').catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(RestError);
    expect((missing as RestError).statusCode).toBe(404);
    expect((missing as RestError).code).toBe('UserError');
    const invalid = await client.jobs.get(RG, DEV, '-bad.name').catch((e: unknown) => e);
    expect((invalid as RestError).statusCode).toBe(400);
  });

  it('cancels synchronously: CancelRequested, then Canceled on the clock; terminal jobs unchanged', async () => {
    await client.jobs.beginCancelAndWait(RG, DEV, 'train-resnet50-nightly');
    expect((await client.jobs.get(RG, DEV, 'train-resnet50-nightly')).properties.status).toBe('CancelRequested');
    emu.clock.advance(5000);
    expect((await client.jobs.get(RG, DEV, 'train-resnet50-nightly')).properties.status).toBe('Canceled');
    await client.jobs.beginCancelAndWait(RG, DEV, 'sweep-dropout-9');
    expect((await client.jobs.get(RG, DEV, 'sweep-dropout-9')).properties.status).toBe('Completed');
  });

  it('cancels as a long-running operation, polling Location', async () => {
    emu.setCancelMode('lro');
    await client.jobs.beginCancelAndWait(RG, PROD, 'pipe-retrain-prod-17', { updateIntervalInMs: 1 });
    const stats = emu.stats.snapshot();
    expect(stats.counts.jobCancel).toBe(1);
    expect(stats.counts.lroPoll).toBeGreaterThanOrEqual(2);
    expect((await client.jobs.get(RG, PROD, 'pipe-retrain-prod-17')).properties.status).toBe('CancelRequested');
    emu.clock.advance(5000);
    expect((await client.jobs.get(RG, PROD, 'pipe-retrain-prod-17')).properties.status).toBe('Canceled');
  });

  it('retries a 429 with Retry-After and counts both calls', async () => {
    emu.faults.queue({ status: 429, retryAfter: 0 }, { status: 503, retryAfter: 0 });
    const job = await client.jobs.get(RG, DEV, 'train-xgb-churn-3');
    expect(job.properties.status).toBe('Queued');
    const stats = emu.stats.snapshot();
    expect(stats.counts.jobGet).toBe(3);
    expect(stats.faults).toEqual({ '429': 1, '503': 1 });
  });

  it('returns the property-less stub for a pipeline step', async () => {
    const res = await fetch(`${emu.url}/subscriptions/${EMULATOR_SUBSCRIPTION_ID}/resourceGroups/${RG}/providers/Microsoft.MachineLearningServices/workspaces/${PROD}/jobs/pipe-retrain-prod-17?api-version=2022-10-01`, { headers: { Authorization: 'Bearer x' } });
    expect(res.status).toBe(200);
    const children = await fetch(`${emu.url}/history/v1.0/subscriptions/${EMULATOR_SUBSCRIPTION_ID}/resourceGroups/${RG}/providers/Microsoft.MachineLearningServices/workspaces/${PROD}/runs/pipe-retrain-prod-17/children`, { headers: { Authorization: 'Bearer x' } });
    const body = (await children.json()) as { value: Array<{ runId: string }> };
    const stepId = body.value[0]?.runId ?? '';
    const stub = await client.jobs.get(RG, PROD, stepId);
    expect(stub.name).toBe(stepId);
    expect(stub.properties).toBeUndefined();
  });
});
