/**
 * T18: storage goes away for OUTAGE_MS (default 30 s) under load, twice: frozen (SIGSTOP/SIGCONT on Azurite's PID:
 * connections accepted, never answered) and gone (Azurite stopped, restarted on the same folder and port).
 * Load: 4 closed-loop workers doing list, show, dev cancel ask+confirm, prod approval ask+approve and Event Grid posts.
 * Pass: every answer during the outage is a success or a clear retryable message (no stack, no broken text) within
 * Teams' 15 s; Event Grid gets a non-2xx for what was not stored; no decision that was not stored is acted upon and no
 * job is cancelled twice; after storage returns everything works again.
 */
import { ALICE, Check, GROUP, PERSONAL, approve, askApprovalWithReply, askCancel, confirmCancel, isBroken, postEventBatch, report } from './lib';
import { runEvent } from '../helpers/event-grid';
import { BotProc, Stack, clientFor, sleep, startStack } from '../soak/lib/stack';

const OUTAGE_MS = Number(process.env.T18_OUTAGE_MS ?? 30_000);
const CLEAR = /try again|right now|shortly|in a minute/i;

interface Op {
  phase: 'before' | 'during' | 'after';
  kind: string;
  job?: string;
  ms: number;
  ok: boolean;
  text: string;
}

async function variant(mode: 'frozen' | 'gone'): Promise<Check[]> {
  const checks: Check[] = [];
  const stack: Stack = await startStack({ persistent: true });
  let bot: BotProc | undefined;
  try {
    bot = await stack.startBot({ pollSeconds: 5 });
    const client = clientFor(stack, () => bot!.url, 20_000);
    const ops: Op[] = [];
    let phase: Op['phase'] = 'before';
    let n = 0;
    let stopAt = 0;
    const cancelsAtReturn = new Map<string, number>();
    const run = async (kind: string, job: string | undefined, f: () => Promise<{ ok: boolean; text: string; raw: unknown }>): Promise<void> => {
      const p = phase;
      const t0 = Date.now();
      const r = await f().catch((e: unknown) => ({ ok: false, text: `no answer (${(e as Error).name})`, raw: {} }));
      const broken = isBroken(r.raw);
      ops.push({ phase: p, kind, job, ms: Date.now() - t0, ok: r.ok && !broken, text: broken ? `BROKEN ${broken}` : r.text.replace(/\s+/g, ' ').slice(0, 160) });
    };
    const worker = async (w: number): Promise<void> => {
      while (Date.now() < stopAt || stopAt === 0) {
        const k = n++ % 5;
        if (k === 0) {
          await run('list', undefined, async () => {
            const r = await client.message('list', { ...PERSONAL, user: ALICE });
            const text = r.activities.map((a) => a.text ?? '').join(' ');
            return { ok: r.status === 200 && !CLEAR.test(text) && r.activities.length > 0, text: text || 'card', raw: r.activities };
          });
        } else if (k === 1) {
          const job = stack.emulator.addJob({ name: `t18-${mode}-d${w}-${n}`, status: 'Running' }).name;
          const t0 = Date.now();
          const ask = await askCancel(client, job).catch((e: unknown) => ({ confirm: undefined, text: `no answer (${(e as Error).name})`, raw: {} }));
          if (!ask.confirm) {
            ops.push({ phase, kind: 'cancel-ask', job, ms: Date.now() - t0, ok: false, text: ask.text.replace(/\s+/g, ' ').slice(0, 160) });
            continue;
          }
          await run('cancel-confirm', job, async () => {
            const r = await confirmCancel(client, ask.confirm);
            return { ok: /Cancel(led| requested) by/.test(r.text), text: r.text, raw: r.raw };
          });
        } else if (k === 2) {
          const job = stack.emulator.addJob({ name: `t18-${mode}-p${w}-${n}`, workspace: 'mlw-prod', status: 'Running' }).name;
          const t0 = Date.now();
          const asked = await askApprovalWithReply(client, job).catch((e: unknown) => ({ handle: undefined, text: `no answer (${(e as Error).name})`, raw: {} }));
          const h = asked.handle;
          if (!h) {
            // What the bot said instead of the card is what the check judges (clear and retryable, or not).
            const broken = isBroken(asked.raw);
            ops.push({ phase, kind: 'approval-ask', job, ms: Date.now() - t0, ok: false, text: broken ? `BROKEN ${broken}` : asked.text.replace(/\s+/g, ' ').slice(0, 160) || 'no reply' });
            continue;
          }
          await run('approve', job, async () => {
            const r = await approve(client, h);
            return { ok: /Cancelled/.test(r.text), text: r.text, raw: r.raw };
          });
        } else if (k === 3) {
          await run('eventgrid', undefined, async () => {
            const s = await postEventBatch(bot!.url, [runEvent('t18-none', 'running')], 20_000);
            return { ok: s === 200, text: `HTTP ${s}`, raw: {} };
          });
        } else {
          await run('show', undefined, async () => {
            const r = await client.message('show t18-none-such', { ...GROUP, user: ALICE });
            const text = r.activities.map((a) => a.text ?? '').join(' ');
            return { ok: r.status === 200 && /not find|no job|doesn't exist|does not exist/i.test(text), text, raw: r.activities };
          });
        }
      }
    };
    // A worker that throws would end the run and leave Azurite stopped; every step records its failure instead.
    const workers = [0, 1, 2, 3].map((w) => worker(w).catch((e: unknown) => void ops.push({ phase, kind: 'worker', ms: 0, ok: false, text: `worker died: ${String(e)}` })));
    await sleep(5000);
    phase = 'during';
    const pid = stack.azuritePid();
    const outageStart = Date.now();
    if (mode === 'frozen') {
      if (!pid) throw new Error('no Azurite PID');
      process.kill(pid, 'SIGSTOP');
      await sleep(OUTAGE_MS);
      process.kill(pid, 'SIGCONT');
    } else {
      await stack.restartAzurite(OUTAGE_MS);
    }
    const outage = Date.now() - outageStart;
    for (const [j, c] of stack.cancels) cancelsAtReturn.set(j, c);
    // Replies still in flight when storage returns belong to the outage; give them 5 s before calling it "after".
    await sleep(5000);
    phase = 'after';
    stopAt = Date.now() + 15_000;
    await Promise.all(workers);

    const during = ops.filter((o) => o.phase === 'during');
    const after = ops.filter((o) => o.phase === 'after');
    const unclear = during.filter((o) => !o.ok && !(CLEAR.test(o.text) || (o.kind === 'eventgrid' && /HTTP 5\d\d/.test(o.text))));
    checks.push({ name: `${mode}: every answer during the outage is a success or a clear retryable message`, pass: unclear.length === 0, detail: `${during.length} ops (${during.filter((o) => o.ok).length} ok), ${unclear.length} unclear${unclear.length ? `: ${unclear.slice(0, 4).map((o) => `${o.kind} ${o.ms} ms "${o.text.slice(0, 90)}"`).join(' | ')}` : ''}; e.g. ${during.filter((o) => !o.ok).slice(0, 2).map((o) => `${o.kind}: "${o.text.slice(0, 100)}"`).join(' | ')}` });
    const slow = during.filter((o) => o.ms > 15_000);
    checks.push({ name: `${mode}: answers within Teams' 15 s during the outage`, pass: slow.length === 0, detail: `max ${Math.max(0, ...during.map((o) => o.ms))} ms, ${slow.length} over 15 s (outage ${Math.round(outage / 1000)} s)` });
    const eg = during.filter((o) => o.kind === 'eventgrid');
    checks.push({ name: `${mode}: Event Grid deliveries not stored get a non-2xx (Event Grid retries)`, pass: eg.every((o) => o.ok || /HTTP 5\d\d|no answer/.test(o.text)), detail: eg.map((o) => o.text).join(', ') });
    // Half-written: a cancel/approve that did not say it happened must not have cancelled the job by the time storage returned.
    const actedWithoutSaying = during.filter((o) => (o.kind === 'approve') && !o.ok && (cancelsAtReturn.get(o.job ?? '') ?? 0) > 0 && !/no answer/.test(o.text));
    const twice = [...stack.cancels.entries()].filter(([, c]) => c > 1);
    checks.push({ name: `${mode}: no unrecorded decision acted upon, no job cancelled twice`, pass: actedWithoutSaying.length === 0 && twice.length === 0, detail: `${actedWithoutSaying.length} approvals refused yet executed, ${twice.length} jobs cancelled twice, ${stack.cancels.size} cancelled` });
    const afterBad = after.filter((o) => !o.ok);
    checks.push({ name: `${mode}: everything works again after storage returns`, pass: after.length > 0 && afterBad.length === 0, detail: `${after.length} ops after, ${afterBad.length} failed ${afterBad.slice(0, 3).map((o) => `${o.kind}: ${o.text.slice(0, 80)}`).join(' | ')}` });
    checks.push({ name: `${mode}: bot process alive, no unhandled rejection`, pass: bot.faults.length === 0, detail: `${bot.faults.length} ${bot.faults[0]?.message.slice(0, 200) ?? ''}` });
  } catch (err) {
    checks.push({ name: `${mode}: run completed`, pass: false, detail: String((err as Error).stack ?? err).slice(0, 500) });
  } finally {
    const pid = stack.azuritePid();
    if (pid) {
      try {
        process.kill(pid, 'SIGCONT');
      } catch {
        // already gone
      }
    }
    await bot?.stop().catch(() => undefined);
    await stack.stop();
  }
  return checks;
}

export async function runT18(): Promise<boolean> {
  const checks = [...(await variant('frozen')), ...(await variant('gone'))];
  return report(`T18 storage outage (${OUTAGE_MS / 1000} s)`, checks);
}

if (require.main === module) void runT18().then((ok) => (process.exitCode = ok ? 0 : 1));
