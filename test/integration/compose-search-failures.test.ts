import fs from 'node:fs';
import path from 'node:path';
import { useTestBot } from '../helpers/test-bot';
import { writeLocalConfig } from '../helpers/local-config';
import { composeActivity, search } from '../helpers/compose-extension';
import { waitFor } from '../helpers/wait';

/** Issue 16.2: what a compose-box search answers when it must refuse, or when Azure ML fails or is slow. Never an error. */

// The tenant restriction on (the helpers' default tenant is this one), and a short reply deadline so the
// "Azure is slow" case does not hold the file for seconds.
const TENANT = 'tenant-1';
const configFile = writeLocalConfig('jobops-search-', (cfg) => {
  cfg.tenantId = TENANT;
});
afterAll(() => fs.rmSync(path.dirname(configFile), { recursive: true, force: true }));

const t = useTestBot({ env: { JOBOPS_CONFIG: configFile, REPLY_DEADLINE_MS: '2000' } });
beforeEach(() => {
  t.emulator.faults.clear();
  t.emulator.stats.reset();
});

describe('refused searches', () => {
  it('a search from another tenant gets 403, reads nothing and is audited, as an unfurl does (R1.4)', async () => {
    const from = t.bot.deps.now();
    const r = await search(t, { query: 'failed in prod' }, { tenantId: 'tenant-2' });
    expect(r.status).toBe(403);
    expect(r.result).toEqual({});
    expect(t.emulator.stats.snapshot().total).toBe(0);
    const audit = (await t.bot.deps.audit.since(from)).filter((e) => e.action === 'tenant.rejected');
    expect(audit.map((e) => e.detail)).toEqual([expect.objectContaining({ tenant: 'tenant-2', type: 'invoke' })]);
  });

  it.each([
    ['parameters that are not a list', { commandId: 'searchJobs', parameters: 'failed' }],
    ['another command', { commandId: 'deleteEverything', parameters: [] }],
    ['no value', undefined],
  ])('a malformed request (%s) gets a message, not an error', async (_what, value) => {
    const r = await t.post(composeActivity(t, 'composeExtension/query', value));
    expect(r.status).toBe(200);
    expect(JSON.parse(r.text)).toEqual({ composeExtension: { type: 'message', text: expect.stringMatching(/^I could not read that search\./) } });
    expect(t.emulator.stats.snapshot().total).toBe(0);
  });
});

describe('Azure ML failing or slow', () => {
  it('Azure refusing the list (403) is a sentence naming the missing permission', async () => {
    t.emulator.faults.queue({ status: 403, op: 'jobsList', code: 'AuthorizationFailed' });
    const r = await search(t, { query: 'failed' });
    expect(r.result.type).toBe('message');
    expect(r.result.text).toMatch(/not allowed to list jobs in `dev`.*jobs\/read/);
  });

  it('Azure ML answering slowly gives the "slow" sentence within the deadline, not an error', async () => {
    t.emulator.faults.queue({ timeoutMs: 3_000, op: 'jobsList' });
    const started = Date.now();
    const r = await search(t, { query: 'failed' });
    expect(r).toEqual({ status: 200, result: { type: 'message', text: 'Azure ML is slow to answer for dev right now. Keep typing or try again in a moment.' } });
    expect(Date.now() - started).toBeLessThan(2_900);
    // The dropped call is retried by the SDK in the background; let it finish before the next test counts calls.
    await waitFor(() => (t.emulator.stats.snapshot().counts.jobsList ?? 0) >= 2, 15_000, 'the retried list');
  }, 30_000);

  it('Teams asking for a further page (skip) gets nothing more and costs nothing', async () => {
    const r = await search(t, { query: 'train' }, { skip: 25 });
    expect(r.result).toEqual({ type: 'result', attachmentLayout: 'list', attachments: [] });
    expect(t.emulator.stats.snapshot().total).toBe(0);
  });
});
