import { EMULATOR_DEV_WORKSPACE as DEV, EMULATOR_PROD_WORKSPACE as PROD, RunningEmulator, startEmulator } from '../../../src/emulator';
import { armUrl, AUTH, getJson, RunDetails, runUrl } from './helpers';

type Job = { properties: { status: string; properties: Record<string, string> } };

async function status(emu: RunningEmulator, ws: string, name: string): Promise<string> {
  return (await getJson<Job>(armUrl(emu.url, ws, `/jobs/${name}`))).properties.status;
}

async function post(emu: RunningEmulator, path: string, body: unknown): Promise<Response> {
  return fetch(`${emu.url}/_emulator${path}`, { method: 'POST', body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' } });
}

describe('emulator clock-driven scenario', () => {
  let emu: RunningEmulator;
  beforeAll(async () => {
    emu = await startEmulator({ clock: 'manual', seed: 7 });
  });
  afterAll(async () => emu.stop());
  beforeEach(() => emu.reset());

  it('has at least 30 top-level jobs covering every common status and type', async () => {
    const seen = new Set<string>();
    const types = new Set<string>();
    let count = 0;
    for (const ws of [DEV, PROD]) {
      const url = new URL(armUrl(emu.url, ws, '/jobs'));
      url.searchParams.set('listViewType', 'All');
      let next: string | undefined = url.toString();
      while (next) {
        const page: { value: Array<{ properties: { status: string; jobType: string } }>; nextLink?: string } = await getJson(next);
        count += page.value.length;
        page.value.forEach((j) => (seen.add(j.properties.status), types.add(j.properties.jobType)));
        next = page.nextLink;
      }
    }
    expect(count).toBeGreaterThanOrEqual(30);
    for (const s of ['NotStarted', 'Queued', 'Preparing', 'Starting', 'Running', 'Finalizing', 'CancelRequested', 'Completed', 'Failed', 'Canceled']) {
      expect(seen).toContain(s);
    }
    expect([...types].sort()).toEqual(['AutoML', 'Command', 'Pipeline', 'Sweep']);
  });

  it('moves jobs through their lifecycle as the clock advances', async () => {
    expect(await status(emu, DEV, 'train-xgb-churn-3')).toBe('Queued');
    expect(await status(emu, DEV, 'train-bert-finetune-7')).toBe('Running');
    expect(await status(emu, DEV, 'score-batch-offline-19')).toBe('CancelRequested');
    await post(emu, '/clock/advance', { ms: 2 * 60_000 });
    expect(await status(emu, DEV, 'train-xgb-churn-3')).toBe('Running');
    expect(await status(emu, DEV, 'score-batch-offline-19')).toBe('Canceled');
    expect(await status(emu, DEV, 'train-gpt2-small-5')).toBe('Failed');
    emu.clock.advance(4 * 60_000);
    expect(await status(emu, DEV, 'train-bert-finetune-7')).toBe('Failed');
    const details = await getJson<RunDetails>(runUrl(emu.url, DEV, 'train-bert-finetune-7', '/details'));
    expect(details.error?.error.message).toContain('CUDA out of memory');
    const job = await getJson<Job>(armUrl(emu.url, DEV, '/jobs/train-bert-finetune-7'));
    expect(job.properties.properties.EndTimeUtc).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
  });

  it('grows the running log with the clock', async () => {
    const details = await getJson<RunDetails>(runUrl(emu.url, DEV, 'train-resnet50-nightly', '/details'));
    const url = details.logFiles['user_logs/std_log.txt'] ?? '';
    const before = await (await fetch(url)).text();
    emu.clock.advance(60_000);
    const after = await (await fetch(url)).text();
    expect(after.startsWith(before)).toBe(true);
    expect(after.length).toBeGreaterThan(before.length);
    expect(after).toMatch(/Epoch \d+\/20 \| step \d+\/5000 \| [\d.]+% \| loss=/);
  });

  it('adds jobs, switches cancel mode and counts calls over HTTP', async () => {
    const added = await post(emu, '/jobs', { name: 'added-by-test-1', workspace: PROD, status: 'Queued', endsInMs: 60_000, endStatus: 'Failed' });
    expect(added.status).toBe(201);
    expect(await status(emu, PROD, 'added-by-test-1')).toBe('Queued');
    emu.clock.advance(61_000 + 60_000);
    expect(await status(emu, PROD, 'added-by-test-1')).toBe('Failed');
    expect((await post(emu, '/cancel-mode', { mode: 'lro' })).status).toBe(200);
    const cancel = await fetch(armUrl(emu.url, PROD, '/jobs/train-fraud-gbm-prod-22/cancel'), { method: 'POST', headers: AUTH });
    expect(cancel.status).toBe(202);
    expect(cancel.headers.get('retry-after')).toBe('1');
    const location = cancel.headers.get('location') ?? '';
    expect(location.startsWith(emu.url)).toBe(true);
    expect((await fetch(location, { headers: AUTH })).status).toBe(202);
    expect((await fetch(location, { headers: AUTH })).status).toBe(200);
    const stats = (await (await fetch(`${emu.url}/_emulator/stats`)).json()) as { counts: Record<string, number> };
    expect(stats.counts).toMatchObject({ jobGet: 2, jobCancel: 1, lroPoll: 2 });
    await post(emu, '/stats/reset', {});
    expect(((await (await fetch(`${emu.url}/_emulator/stats`)).json()) as { total: number }).total).toBe(0);
  });

  it('injects scripted and random faults, latency and timeouts', async () => {
    await post(emu, '/faults', { next: [{ status: 429, retryAfter: 3 }, { status: 500 }], scope: 'arm' });
    const first = await fetch(armUrl(emu.url, DEV, '/jobs'), { headers: AUTH });
    expect(first.status).toBe(429);
    expect(first.headers.get('retry-after')).toBe('3');
    expect(((await first.json()) as { error: { code: string } }).error.code).toBe('TooManyRequests');
    expect((await fetch(armUrl(emu.url, DEV, '/jobs'), { headers: AUTH })).status).toBe(500);
    expect((await fetch(armUrl(emu.url, DEV, '/jobs'), { headers: AUTH })).status).toBe(200);
    await post(emu, '/faults', { latencyMs: 80, scope: 'dataplane' });
    const t = Date.now();
    await fetch(`${emu.url}/discovery`);
    expect(Date.now() - t).toBeGreaterThanOrEqual(75);
    emu.faults.clear();
    emu.faults.set({ rate429: 1, retryAfterSeconds: 2 });
    expect((await fetch(`${emu.url}/discovery`)).status).toBe(429);
    emu.faults.clear();
    emu.faults.queue({ timeoutMs: 50 });
    await expect(fetch(`${emu.url}/discovery`)).rejects.toThrow();
    expect(emu.stats.snapshot().faults).toMatchObject({ '429': 2, '500': 1, timeout: 1 });
  });

  it('only binds loopback', async () => {
    await expect(startEmulator({ host: '0.0.0.0' })).rejects.toThrow(/loopback/);
  });
});
