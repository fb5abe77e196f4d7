import { AzureMachineLearningWorkspaces } from '@azure/arm-machinelearning';
import { TokenCredential } from '@azure/core-auth';
import { bearerTokenAuthenticationPolicyName, PipelinePolicy } from '@azure/core-rest-pipeline';
import { rerunDefinition } from '../../src/azureml/job-rerun';
import { EMULATOR_DEV_WORKSPACE, EMULATOR_LOCATION, EMULATOR_PROD_WORKSPACE, EMULATOR_RESOURCE_GROUP, EMULATOR_SUBSCRIPTION_ID, RunningEmulator, startEmulator } from '../../src/emulator';

/** The emulator's compute, usage, VM size and job-creation contracts, read through the real SDK. */
const RG = EMULATOR_RESOURCE_GROUP;
const credential: TokenCredential = { getToken: async () => ({ token: 'unused', expiresOnTimestamp: Date.now() + 3600_000 }) };
const loopback: PipelinePolicy = {
  name: 'loopback',
  sendRequest: (request, next) => {
    if (new URL(request.url).hostname !== '127.0.0.1') throw new Error('loopback only');
    request.allowInsecureConnection = true;
    request.headers.set('Authorization', 'Bearer local');
    return next(request);
  },
};

let emu: RunningEmulator;
let sdk: AzureMachineLearningWorkspaces;
beforeAll(async () => {
  emu = await startEmulator({ clock: 'manual', seed: 42 });
  sdk = new AzureMachineLearningWorkspaces(credential, EMULATOR_SUBSCRIPTION_ID, { endpoint: emu.url, apiVersion: '2024-04-01' });
  sdk.pipeline.removePolicy({ name: bearerTokenAuthenticationPolicyName });
  sdk.pipeline.addPolicy(loopback);
});
afterAll(() => emu.stop());

type AmlProps = { vmSize?: string; scaleSettings?: { maxNodeCount?: number }; currentNodeCount?: number; targetNodeCount?: number; allocationState?: string; errors?: unknown[] | null; nodeStateCounts?: { runningNodeCount?: number; idleNodeCount?: number } };
const amlProps = async (ws: string, name: string): Promise<AmlProps> => ((await sdk.computeOperations.get(RG, ws, name)).properties as { properties?: AmlProps }).properties ?? {};

describe('computes', () => {
  it('node counts follow the jobs running on the cluster: full at t0, a node freed when jobs end', async () => {
    const t0 = await amlProps(EMULATOR_DEV_WORKSPACE, 'gpu-cluster-nc6');
    expect(t0).toMatchObject({ vmSize: 'STANDARD_NC6S_V3', scaleSettings: { maxNodeCount: 4 }, currentNodeCount: 4, nodeStateCounts: { runningNodeCount: 4, idleNodeCount: 0 } });
    emu.clock.advance(95 * 60_000); // every scenario job on it has ended
    const later = await amlProps(EMULATOR_DEV_WORKSPACE, 'gpu-cluster-nc6');
    expect(later.nodeStateCounts?.runningNodeCount).toBeLessThan(4);
    emu.reset();
  });

  it('a cluster whose family is out of quota wants to grow but cannot, and says so in its errors', async () => {
    const p = await amlProps(EMULATOR_PROD_WORKSPACE, 'prod-gpu-a100');
    expect(p.currentNodeCount).toBe(1);
    expect(p.targetNodeCount).toBe(1);
    expect(JSON.stringify(p.errors)).toMatch(/QuotaExceeded/);
  });

  it('an unknown compute is ARM\'s 404', async () => {
    await expect(sdk.computeOperations.get(RG, EMULATOR_DEV_WORKSPACE, 'no-such-cluster')).rejects.toMatchObject({ statusCode: 404 });
  });
});

describe('usages and VM sizes', () => {
  it('usages: the regional total, each family (full for NCADSA100v4) and each cluster', async () => {
    const rows = [];
    for await (const u of sdk.usages.list(EMULATOR_LOCATION)) rows.push(u);
    const family = rows.find((u) => u.name?.value === 'standardNCADSA100v4Family');
    expect(family).toMatchObject({ currentValue: 96, limit: 96, type: 'Microsoft.MachineLearningServices/vmFamily/usages', unit: 'Count' });
    expect(rows.some((u) => u.type === 'Microsoft.MachineLearningServices/dedicatedCores/usages')).toBe(true);
  });

  it('VM sizes with Linux list prices per tier, and a size without prices', async () => {
    const sizes = (await sdk.virtualMachineSizes.list(EMULATOR_LOCATION)).value ?? [];
    const nc6 = sizes.find((s) => s.name === 'Standard_NC6s_v3');
    expect(nc6).toMatchObject({ gpus: 1, vCPUs: 6, family: 'standardNCSv3Family' });
    expect(nc6?.estimatedVMPrices?.values).toEqual(expect.arrayContaining([expect.objectContaining({ retailPrice: 3.06, osType: 'Linux', vmTier: 'Standard' })]));
    expect(sizes.find((s) => s.name === 'Standard_ND96asr_v4')?.estimatedVMPrices ?? undefined).toBeUndefined();
  });
});

describe('job creation', () => {
  it('a failed job\'s definition, without what the service set, creates a new job; the same PUT again creates none', async () => {
    const source = await sdk.jobs.get(RG, EMULATOR_DEV_WORKSPACE, 'train-lstm-sentiment-14');
    const body = rerunDefinition(source, 'train-lstm-sentiment-14', { 'jobops.rerunOf': 'train-lstm-sentiment-14' });
    const p = body.properties as unknown as Record<string, unknown>;
    expect(p.status).toBeUndefined();
    expect(p.services).toBeUndefined();
    expect(Object.keys((p.properties as Record<string, string>) ?? {}).filter((k) => /StartTimeUtc|EndTimeUtc|azureml\./.test(k))).toEqual([]);
    expect(JSON.stringify(p.outputs)).not.toContain('dcid.train-lstm-sentiment-14');
    emu.stats.reset();
    const made = await sdk.jobs.createOrUpdate(RG, EMULATOR_DEV_WORKSPACE, 'train-lstm-sentiment-14-rerun-abc123', body);
    expect(made.properties).toMatchObject({ jobType: 'Command', status: 'NotStarted', tags: expect.objectContaining({ 'jobops.rerunOf': 'train-lstm-sentiment-14' }) });
    await sdk.jobs.createOrUpdate(RG, EMULATOR_DEV_WORKSPACE, 'train-lstm-sentiment-14-rerun-abc123', body);
    expect(emu.stats.snapshot().counts.jobCreate).toBe(2);
    const names: string[] = [];
    for await (const j of sdk.jobs.list(RG, EMULATOR_DEV_WORKSPACE, { tag: 'jobops.rerunOf' })) names.push(j.name ?? '');
    expect(names).toEqual(['train-lstm-sentiment-14-rerun-abc123']);
  });
});
