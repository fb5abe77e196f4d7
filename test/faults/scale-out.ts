/**
 * Two bot processes behind one storage (same Azurite, emulator and connector): approvals raced across both, the poller
 * lease (only one process polls per interval), and the outbox (both senders draining) stay exactly-once — including
 * after one process is killed with -9 halfway.
 */
import { readAll } from '../helpers/read-all';
import { Check, askApproval, approve, channel, noticesPerKey, onceExceptInFlight, report, ALICE } from './lib';
import { writeLocalConfig } from '../helpers/local-config';
import { TableStore } from '../../src/storage/table-store';
import { BotProc, Stack, clientFor, sleep, startStack, until } from '../soak/lib/stack';

/** The local config with dev polled (`poll: true`): without it the poller lists nothing and its lease is idle. */
function pollingConfig(): string {
  return writeLocalConfig('jobops-scale-', (cfg) => {
    cfg.workspaces.dev = { ...cfg.workspaces.dev, poll: true };
  });
}

const POLL_S = 5;

/** Pages of dev's job list right now (the poller reads them all each tick). */
async function devListPages(stack: Stack): Promise<number> {
  let url: string | undefined = `${stack.emulator.url}/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/jobops-local/providers/Microsoft.MachineLearningServices/workspaces/mlw-dev/jobs?api-version=2024-04-01`;
  let pages = 0;
  for (; url; pages++) url = ((await (await fetch(url, { headers: { authorization: 'Bearer fault-run' } })).json()) as { nextLink?: string }).nextLink;
  return pages;
}

/** On a failed outbox check: what storage says about each notice, and the survivor's warnings, to tell "never enqueued" from "stuck". */
async function dumpOutbox(stack: Stack, survivor: BotProc): Promise<void> {
  const store = new TableStore(stack.azurite.connectionString);
  const raw = (x: unknown): unknown => x;
  const dec = (k: string): string => {
    const parts = k.split('|');
    return parts.map((p) => (/^[A-Za-z0-9_-]{8,}$/.test(p) ? Buffer.from(p, 'base64url').toString('utf8') : p)).join('|');
  };
  const entries = await readAll(store.collection('outbox', raw));
  for (const e of entries) {
    const v = e.value as Record<string, unknown>;
    const key = dec(String(v.dedupeKey));
    if (!key.includes('so-out')) continue;
    console.log(`outbox ${key.slice(-60)} status=${String(v.status)} attempts=${String(v.attempts)} sentAt=${String(v.sentAt)} lease=${String(v.leaseUntil)} err=${String(v.lastError ?? '')}`);
  }
  const observed = await readAll(store.collection('observed', raw));
  console.log(`observed: ${observed.map((o) => dec(o.key)).filter((k) => k.includes('so-out')).join(', ')}`);
  console.log(`pending index rows: ${(await readAll(store.collection('outboxpending', raw))).length}`);
  const msgs = new Map<string, number>();
  for (const l of survivor.log) {
    const m = /"msg":"([^"]{0,80})/.exec(l);
    if (m) msgs.set(m[1]!, (msgs.get(m[1]!) ?? 0) + 1);
  }
  console.log(`survivor log messages: ${[...msgs].map(([m, n]) => `${n}× ${m}`).join(' | ')}`);
  for (const line of survivor.log.filter((l) => /"level":(40|50)/.test(l)).slice(-30)) console.log(`survivor: ${line.slice(0, 400)}`);
}

export async function runScaleOut(): Promise<boolean> {
  const checks: Check[] = [];
  const stack: Stack = await startStack({ persistent: true });
  const bots: BotProc[] = [];
  try {
    // Both poll dev every 5 s; the Event Grid push is off so notices come only from the pollers (the lease is what we test).
    const configFile = pollingConfig();
    const a = await stack.startBot({ pollSeconds: POLL_S, configFile });
    const b = await stack.startBot({ pollSeconds: POLL_S, configFile });
    bots.push(a, b);
    const ca = clientFor(stack, () => a.url, 20_000);
    const cb = clientFor(stack, () => b.url, 20_000);

    // Approvals: asked on A, approved at the same moment on A and B (three presses each side).
    const jobs = Array.from({ length: 6 }, (_, i) => stack.emulator.addJob({ name: `so-appr-${i}`, workspace: 'mlw-prod', status: 'Running' }).name);
    for (const job of jobs) {
      const h = await askApproval(ca, job);
      if (!h) throw new Error(`no approval card for ${job}`);
      await Promise.all([approve(ca, h), approve(cb, h), approve(ca, h), approve(cb, h)]);
    }
    checks.push({ name: 'approvals raced across two processes: one cancel each', pass: jobs.every((j) => stack.cancels.get(j) === 1), detail: jobs.map((j) => `${j}=${stack.cancels.get(j) ?? 0}`).join(' ') });

    // Poller lease: with both processes polling every 5 s, the emulator should see one poller's list walks, not two.
    const pages = await devListPages(stack);
    stack.emulator.stats.reset();
    await sleep(POLL_S * 4 * 1000);
    const walks = (stack.emulator.stats.snapshot().counts.jobsList ?? 0) / pages;
    // One polled workspace, one list walk (a call per page) per tick: one poller makes ~4 walks in 20 s, two without a lease ~8.
    checks.push({ name: 'poller lease: one process polls per interval', pass: walks >= 2 && walks <= 5.5, detail: `${walks.toFixed(1)} list walks (${pages} pages each) in ${POLL_S * 4} s with two processes polling every ${POLL_S} s (one poller: 4–5; both: 8–10)` });

    // Outbox: 3 channels × 10 failures, both processes running, then A killed -9 while notices drain.
    stack.connector.enforceLimits({ windows: [{ limit: 2, windowMs: 1000 }] });
    const chans = [0, 1, 2].map(channel);
    for (const [i, c] of chans.entries()) await (i % 2 ? cb : ca).message('subscribe dev failures experiment=so-out', { ...c, user: ALICE });
    const outJobs = Array.from({ length: 10 }, (_, i) => stack.emulator.addJob({ name: `so-out-${i}`, status: 'Running', experimentName: 'so-out', endsInMs: 2000 + i * 300, endStatus: 'Failed' }).name);
    const expected = chans.flatMap((c) => outJobs.map((j) => `${c.root}|${j}`));
    const delivered = (): number => noticesPerKey(stack, 'so-out-').size;
    await until(() => delivered() >= 8, 60_000, 50);
    const atKill = delivered();
    const killedAt = Date.now();
    await a.kill9();
    // B takes the poller lease (30 s) and the outbox claims of A (120 s) over.
    await until(() => delivered() >= expected.length, 200_000, 500);
    await sleep(5000);
    const once = onceExceptInFlight(stack, 'so-out-', expected, killedAt);
    if (!once.pass) await dumpOutbox(stack, b);
    checks.push({ name: 'outbox across two processes, one killed -9 mid-drain: every notice delivered, a second copy only of a send in flight at the kill', pass: once.pass, detail: `killed A at ${atKill}/${expected.length}; ${once.detail}` });

    // Approval asked on A (now dead) is decided on B.
    const late = stack.emulator.addJob({ name: 'so-late', workspace: 'mlw-prod', status: 'Running' }).name;
    const h = await askApproval(cb, late);
    const r = h ? await approve(cb, h) : undefined;
    checks.push({ name: 'after the kill the survivor decides approvals once', pass: stack.cancels.get(late) === 1, detail: `${r?.text.split('\n')[1] ?? 'no card'}; cancels ${stack.cancels.get(late) ?? 0}` });
    checks.push({ name: 'no unhandled rejection in the survivor', pass: b.faults.length === 0, detail: `${b.faults.length}` });
  } catch (err) {
    checks.push({ name: 'run completed', pass: false, detail: String((err as Error).stack ?? err).slice(0, 500) });
  } finally {
    for (const bot of bots) await bot.stop().catch(() => undefined);
    await stack.stop();
  }
  return report('two processes, one storage', checks);
}

if (require.main === module) void runScaleOut().then((ok) => (process.exitCode = ok ? 0 : 1));
