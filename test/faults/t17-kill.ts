/**
 * T17: kill -9 the bot process (a child running startJobOps; Azurite on a folder and the emulator live in the runner)
 * (1) while approvals are being decided, (2) while the outbox is draining, (3) while an Event Grid batch is being
 * stored; restart on the same port and storage; nothing may be lost or done twice.
 */
import { Check, askApproval, approve, batchFor, channel, exactlyOnce, noticesPerKey, onceExceptInFlight, postEventBatch, refresh, report, ALICE } from './lib';
import { BotProc, Stack, clientFor, sleep, startStack, until } from '../soak/lib/stack';

export async function runT17(): Promise<boolean> {
  const checks: Check[] = [];
  const stack: Stack = await startStack({ persistent: true });
  let bot: BotProc | undefined;
  try {
    // The poller is slowed to an hour so every notice here comes from the Event Grid path we drive.
    const start = async (port?: number): Promise<BotProc> => (bot = await stack.startBot({ pollSeconds: 3600, ...(port ? { port } : {}) }));
    await start();
    const port = bot!.port;
    const client = clientFor(stack, () => bot!.url, 20_000);

    // (1) Approvals: ARM answers slowly (800 ms a call) so the kill lands inside the decision at five offsets.
    const offsets = [20, 300, 900, 1700, 2600];
    const approvals: { job: string; h: string; offset: number }[] = [];
    for (const [i, offset] of offsets.entries()) {
      const job = stack.emulator.addJob({ name: `t17-appr-${i}`, workspace: 'mlw-prod', status: 'Running' }).name;
      const h = await askApproval(client, job);
      if (!h) throw new Error(`no approval card for ${job}`);
      approvals.push({ job, h, offset });
      stack.emulator.faults.set({ latencyMs: 800, scope: 'arm' });
      const inflight = approve(client, h).catch(() => undefined);
      await sleep(offset);
      await bot!.kill9();
      await inflight;
      stack.emulator.faults.clear();
      await start(port);
    }
    const killedAt = Date.now();
    // Pending ones (killed before the decision was stored) are approved again by the approver; approved-but-not-
    // executed ones must be resumed by the sweeper (after 60 s, swept every 30 s) — never both.
    const states: string[] = [];
    for (const a of approvals) {
      const text = await refresh(client, a.h);
      states.push(`${a.offset}ms:${/Waiting for approval/.test(text) ? 'pending' : /Cancelled/.test(text) ? 'cancelled' : /approved/i.test(text) ? 'approved' : text.slice(0, 60)}`);
      if (/Waiting for approval/.test(text)) await approve(client, a.h);
    }
    const allOnce = (): boolean => approvals.every((a) => stack.cancels.get(a.job) === 1);
    await until(allOnce, 130_000, 1000);
    await sleep(2000);
    const counts = approvals.map((a) => `${a.job}=${stack.cancels.get(a.job) ?? 0}`);
    checks.push({ name: 'approval killed mid-decision: every request ends cancelled exactly once', pass: allOnce(), detail: `after restart: ${states.join(', ')}; cancels ${counts.join(' ')}; settled ${Math.round((Date.now() - killedAt) / 1000)} s after the last kill` });
    // The resumed cancel records its outcome after the POST, its wait for the operation and a re-read: poll, bounded.
    let finalTexts: string[] = [];
    await until(async () => (finalTexts = await Promise.all(approvals.map((a) => refresh(client, a.h)))).every((t) => /Cancelled/.test(t)), 30_000, 1000);
    checks.push({ name: 'approval cards show the outcome after restart', pass: finalTexts.every((t) => /Cancelled/.test(t)), detail: finalTexts.filter((t) => !/Cancelled/.test(t)).map((t) => t.replace(/\s+/g, ' ').slice(0, 200)).join(' | ') || 'all 5 say Cancelled' });

    // (2) Outbox draining: 3 channels × 12 failures = 36 notices, Teams limits make the drain take seconds; kill at 10.
    stack.connector.enforceLimits({ windows: [{ limit: 2, windowMs: 1000 }] });
    const chans = [0, 1, 2].map(channel);
    for (const c of chans) await client.message('subscribe dev failures experiment=t17-out', { ...c, user: ALICE });
    const outJobs = Array.from({ length: 12 }, (_, i) => stack.emulator.addJob({ name: `t17-out-${i}`, status: 'Running', experimentName: 't17-out', endsInMs: 1000, endStatus: 'Failed' }).name);
    await sleep(1500);
    await postEventBatch(bot!.url, batchFor(outJobs, [], 0));
    const delivered = (): number => noticesPerKey(stack, 't17-out-').size;
    await until(() => delivered() >= 10, 30_000, 20);
    const atKill = delivered();
    const drainKilledAt = Date.now();
    await bot!.kill9();
    await start(port);
    const expectedOut = chans.flatMap((c) => outJobs.map((j) => `${c.root}|${j}`));
    // A claim held by the dead process is taken over after its lease (120 s).
    await until(() => delivered() >= expectedOut.length, 180_000, 500);
    await sleep(3000);
    const out = onceExceptInFlight(stack, 't17-out-', expectedOut, drainKilledAt);
    checks.push({ name: 'outbox killed mid-drain: every notice delivered, a second copy only of a send in flight at the kill', pass: out.pass, detail: `killed with ${atKill}/${expectedOut.length} delivered; ${out.detail}` });

    // (3) Event Grid batch being stored: 2,000 events (12 failures + noise), the process killed 150 ms and 600 ms in;
    // Event Grid retries a delivery that got no 2xx, so the same batch is posted again after each restart.
    const egJobs = Array.from({ length: 12 }, (_, i) => stack.emulator.addJob({ name: `t17-eg-${i}`, status: 'Running', experimentName: 't17-out', endsInMs: 1000, endStatus: 'Failed' }).name);
    const noise = Array.from({ length: 5 }, (_, i) => stack.emulator.addJob({ name: `t17-noise-${i}`, status: 'Running' }).name);
    await sleep(1500);
    // ~2,000 events keeps the body under Event Grid's 1 MB (the bot answers 413 above it, as it should).
    const batch = batchFor(egJobs, noise, 1988);
    const answers: string[] = [];
    for (const killAfter of [150, 600]) {
      const p = postEventBatch(bot!.url, batch).then((s) => String(s), (e: unknown) => `no answer (${(e as Error).name})`);
      await sleep(killAfter);
      await bot!.kill9();
      answers.push(`${killAfter}ms: ${await p}`);
      await start(port);
    }
    const retry = await postEventBatch(bot!.url, batch);
    answers.push(`retry: ${retry}`);
    const expectedEg = chans.flatMap((c) => egJobs.map((j) => `${c.root}|${j}`));
    await until(() => noticesPerKey(stack, 't17-eg-').size >= expectedEg.length, 60_000, 500);
    await sleep(3000);
    const eg = exactlyOnce(noticesPerKey(stack, 't17-eg-'), expectedEg);
    checks.push({ name: 'Event Grid batch killed while stored: every notice exactly once after the retry', pass: eg.pass && retry === 200, detail: `${answers.join(', ')}; ${eg.detail}` });
    checks.push({ name: 'no unhandled rejection in the last process', pass: bot!.faults.length === 0, detail: `${bot!.faults.length}` });
  } catch (err) {
    checks.push({ name: 'run completed', pass: false, detail: String((err as Error).stack ?? err).slice(0, 500) });
  } finally {
    await bot?.stop().catch(() => undefined);
    await stack.stop();
  }
  return report('T17 kill -9', checks);
}

if (require.main === module) void runT17().then((ok) => (process.exitCode = ok ? 0 : 1));
