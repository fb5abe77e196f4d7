import { EMULATOR_DEV_WORKSPACE as DEV, EMULATOR_PROD_WORKSPACE as PROD, RunningEmulator, startEmulator } from '../../../src/emulator';
import { armUrl, AUTH, getJson, RunDetails, runUrl } from './helpers';

describe('emulator data plane', () => {
  let emu: RunningEmulator;
  beforeAll(async () => {
    emu = await startEmulator({ clock: 'manual' });
  });
  afterAll(async () => emu.stop());
  beforeEach(() => emu.reset());

  it('serves discovery pointing back at itself', async () => {
    const doc = await getJson<Record<string, string>>(`${emu.url}/discovery`);
    expect(doc.history).toBe(emu.url);
    expect(doc.api).toBe(emu.url);
  });

  it('requires a bearer on ARM and history calls, not on SAS blobs', async () => {
    const arm = await fetch(armUrl(emu.url, DEV, '/jobs'));
    expect(arm.status).toBe(401);
    expect(arm.headers.get('x-ms-response-type')).toBe('error');
    expect(((await arm.json()) as { error: { code: string } }).error.code).toBe('AuthenticationFailed');
    expect((await fetch(runUrl(emu.url, DEV, 'train-resnet50-nightly'))).status).toBe(401);
    const details = await getJson<RunDetails>(runUrl(emu.url, DEV, 'train-resnet50-nightly', '/details'));
    const blob = details.logFiles['user_logs/std_log.txt'] ?? '';
    expect(blob).toMatch(/\?sv=.*&sig=/);
    expect((await fetch(blob)).status).toBe(200);
  });

  it('gives a failed run its error and a log with the failure tail', async () => {
    const run = await getJson<{ status: string; error: RunDetails['error']; startTimeUtc: string; duration: string }>(
      runUrl(emu.url, DEV, 'train-lstm-sentiment-14'),
    );
    expect(run.status).toBe('Failed');
    expect(run.error?.error.message).toContain('exited with status code 1');
    expect(run.duration).toMatch(/^\d\d:\d\d:\d\d\.\d{7}$/);
    const details = await getJson<RunDetails>(runUrl(emu.url, DEV, 'train-lstm-sentiment-14', '/details'));
    const text = await (await fetch(details.logFiles['user_logs/std_log.txt'] ?? '')).text();
    expect(text).toContain('Traceback (most recent call last):');
    expect(text).toContain('KeyError');
  });

  it.each([
    ['train-unet-segmentation-11', 'user_logs/std_log.txt', 'PermissionDenied'],
    ['train-gpt2-small-5', 'azureml-logs/20_image_build_log.txt', null],
    ['train-tokenizer-legacy', 'azureml-logs/70_driver_log.txt', 'Training finished'],
    ['sweep-lr-42', 'azureml-logs/hyperdrive.txt', "Scheduling job, id='sweep-lr-42_0'"],
    ['pipe-feature-eng-31', 'logs/azureml/executionlogs.txt', 'Finishing experiment'],
  ])('lists the right log for %s', async (job, path, needle) => {
    const details = await getJson<RunDetails>(runUrl(emu.url, DEV, job, '/details'));
    expect(Object.keys(details.logFiles)).toContain(path);
    if (needle) expect(await (await fetch(details.logFiles[path] ?? '')).text()).toContain(needle);
  });

  it('lists pipeline children; the failing step has the log', async () => {
    const { value } = await getJson<{ value: Array<{ runId: string; displayName: string; status: string; parentRunId: string }> }>(
      runUrl(emu.url, PROD, 'pipe-retrain-prod-16', '/children'),
    );
    expect(value.map((c) => [c.displayName, c.status])).toEqual([
      ['ingest', 'Completed'],
      ['featurize', 'Failed'],
      ['train', 'Canceled'],
      ['register', 'Canceled'],
    ]);
    expect(value.every((c) => c.parentRunId === 'pipe-retrain-prod-16')).toBe(true);
    const failing = value[1]?.runId ?? '';
    const details = await getJson<RunDetails>(runUrl(emu.url, PROD, failing, '/details'));
    expect(details.error?.error.code).toBe('UserError');
    const log = await (await fetch(details.logFiles['user_logs/std_log.txt'] ?? '')).text();
    expect(log).toContain('DataAccessError');
  });

  it('honours Range (206), suffix ranges, 416 on empty blobs, and HEAD', async () => {
    const details = await getJson<RunDetails>(runUrl(emu.url, DEV, 'pipe-feature-eng-31', '/details'));
    const exec = details.logFiles['logs/azureml/executionlogs.txt'] ?? '';
    const full = Buffer.from(await (await fetch(exec)).arrayBuffer());
    const part = await fetch(exec, { headers: { Range: 'bytes=5-14' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 5-14/${full.length}`);
    expect(part.headers.get('content-length')).toBe('10');
    expect(part.headers.get('accept-ranges')).toBe('bytes');
    expect(Buffer.from(await part.arrayBuffer())).toEqual(full.subarray(5, 15));
    const tail = await fetch(exec, { headers: { 'x-ms-range': 'bytes=-20' } });
    expect(Buffer.from(await tail.arrayBuffer())).toEqual(full.subarray(full.length - 20));
    const empty = details.logFiles['logs/azureml/stderrlogs.txt'] ?? '';
    const ranged = await fetch(empty, { headers: { Range: 'bytes=0-1023' } });
    expect(ranged.status).toBe(416);
    expect(ranged.headers.get('content-range')).toBe('bytes */0');
    expect((await fetch(empty)).status).toBe(200);
    const head = await fetch(exec, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(String(full.length));
    expect(emu.stats.snapshot().counts.blobHead).toBe(1);
  });

  it('answers 404 envelopes for unknown runs and jobs', async () => {
    const res = await fetch(armUrl(emu.url, DEV, '/jobs/nope'), { headers: AUTH });
    expect(res.status).toBe(404);
    expect(res.headers.get('x-ms-response-type')).toBe('error');
    const body = (await res.json()) as { error: { code: string; details: unknown[]; additionalInfo: unknown[] } };
    expect(body.error.details).toEqual([]);
    expect((await fetch(runUrl(emu.url, DEV, 'nope'), { headers: AUTH })).status).toBe(404);
  });

  it('stores model versions', async () => {
    const url = armUrl(emu.url, PROD, '/models/fraud-gbm/versions/22');
    const put = await fetch(url, { method: 'PUT', headers: { ...AUTH, 'Content-Type': 'application/json' }, body: JSON.stringify({ properties: { modelUri: 'azureml://jobs/train-fraud-gbm-prod-21/outputs/model', tags: { stage: 'prod' } } }) });
    expect(put.status).toBe(201);
    const got = await getJson<{ name: string; properties: { modelUri: string } }>(url);
    expect(got.name).toBe('22');
    const list = await getJson<{ value: { name: string; properties: { jobName?: string } }[] }>(armUrl(emu.url, PROD, '/models/fraud-gbm/versions'));
    // Version 1 is seeded, linked to its source job (the promotion evidence reads its metrics through it).
    expect(list.value.map((v) => v.name).sort()).toEqual(['1', '22']);
    expect(list.value.find((v) => v.name === '1')?.properties.jobName).toBe('pipe-retrain-prod-15');
    expect(emu.stats.snapshot().counts).toMatchObject({ modelVersionPut: 1, modelVersionGet: 1, modelVersionList: 1 });
  });
});
