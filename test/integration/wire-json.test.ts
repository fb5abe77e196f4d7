import { AzureMachineLearningWorkspaces, getContinuationToken } from '@azure/arm-machinelearning';
import { AzureMlClient } from '../../src/azureml/azureml-client';
import { ArmJobLike, mapJob } from '../../src/azureml/job-mapper';
import { noCredential, useLoopbackAuth } from '../../src/azureml/loopback-policy';
import { WorkspaceConfig } from '../../src/config';
import { EMULATOR_DEV_WORKSPACE, EMULATOR_PROD_WORKSPACE, EMULATOR_RESOURCE_GROUP, EMULATOR_SUBSCRIPTION_ID, RunningEmulator, startEmulator } from '../../src/emulator';

/**
 * Issue 13: `list` and `show` read ARM's JSON without the SDK's deserializer (2xx only). Every job the emulator serves,
 * in both workspaces and across pages, must map to exactly what the SDK-deserialized object mapped to; errors stay
 * RestErrors with ARM's code.
 */
let emulator: RunningEmulator;
let sdk: AzureMachineLearningWorkspaces;
let client: AzureMlClient;

const ws = (workspace: string, alias: string): WorkspaceConfig =>
  ({ alias, subscriptionId: EMULATOR_SUBSCRIPTION_ID, resourceGroup: EMULATOR_RESOURCE_GROUP, workspace, production: false, approvalTtlMinutes: 30, poll: false });

beforeAll(async () => {
  emulator = await startEmulator({ clock: 'manual', seed: 42 });
  sdk = new AzureMachineLearningWorkspaces(noCredential, EMULATOR_SUBSCRIPTION_ID, { endpoint: emulator.url, apiVersion: '2024-04-01' });
  useLoopbackAuth(sdk.pipeline);
  client = new AzureMlClient({ endpoint: emulator.url, credential: noCredential, local: true });
  emulator.addJob({ name: 'wire-failed', status: 'Failed', failure: 'cuda-oom' });
});
afterAll(() => emulator.stop());

describe('jobs read as wire JSON map exactly as the SDK-deserialized ones', () => {
  it.each([[EMULATOR_DEV_WORKSPACE, 'dev'], [EMULATOR_PROD_WORKSPACE, 'prod']])('every page of %s', async (workspace, alias) => {
    const w = ws(workspace, alias);
    let next: string | undefined;
    let compared = 0;
    for (let pages = 0; pages < 20; pages++) {
      const wire = await client.listJobsPage(w, {}, next);
      const page = await sdk.jobs.list(EMULATOR_RESOURCE_GROUP, workspace).byPage(next ? { continuationToken: next } : undefined).next();
      const deserialized = (page.value ?? []) as ArmJobLike[];
      expect(wire.jobs).toEqual(deserialized.map(mapJob));
      expect(wire.next).toBe(getContinuationToken(page.value));
      compared += wire.jobs.length;
      for (const j of wire.jobs.slice(0, 3)) {
        expect(await client.getJob(w, j.name)).toEqual(mapJob((await sdk.jobs.get(EMULATOR_RESOURCE_GROUP, workspace, j.name)) as ArmJobLike));
      }
      next = wire.next;
      if (!next) break;
    }
    expect(compared).toBeGreaterThan(10);
  });

  it('a missing job is still a RestError with status 404 and ARM\'s code', async () => {
    await expect(client.getJob(ws(EMULATOR_DEV_WORKSPACE, 'dev'), 'no-such-job')).rejects.toMatchObject({ name: 'RestError', statusCode: 404 });
  });
});
