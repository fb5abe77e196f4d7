/**
 * T14: the emulator answers every ARM call with 429 + Retry-After, then 503, then holds calls until they time out
 * (a minute each, as the issue asks; T14_PHASE_MS shortens that for a quick look). Meanwhile dev cancels are confirmed,
 * prod approvals approved and jobs shown. A recording proxy between bot and emulator timestamps every cancel POST.
 * Pass: bounded attempts per cancel, spacing ≥ Retry-After after a 429, a clear message for every failure, replies
 * within Teams' 15 s, and no job cancelled twice — including when the same buttons are pressed again afterwards.
 */
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { ALICE, Check, approve, askApproval, askCancel, confirmCancel, isBroken, report, PERSONAL } from './lib';
import { BotProc, Stack, clientFor, sleep, startStack } from '../soak/lib/stack';

const PHASE_MS = Number(process.env.T14_PHASE_MS ?? 60_000);
const RETRY_AFTER_S = 2;

interface Seen {
  job: string;
  at: number;
  status: number;
}

/** Pass-through proxy: records cancel POSTs and the emulator's answer (0 = the connection was dropped). */
type PostFault = { status: number; retryAfter?: number } | 'drop' | undefined;

/**
 * Pass-through proxy: records cancel POSTs and the answer (0 = connection dropped). `fault` aims a fault at cancel
 * POSTs only — with every ARM call faulted the bot's GET before the POST fails first and the POST is never tried.
 */
async function startProxy(target: string, seen: Seen[]): Promise<{ url: string; fault: { current: PostFault }; stop(): Promise<void> }> {
  const t = new URL(target);
  const fault: { current: PostFault } = { current: undefined };
  const server = http.createServer((req, res) => {
    const m = /\/jobs\/([^/]+)\/cancel/.exec(req.url ?? '');
    const rec: Seen | undefined = m && req.method === 'POST' ? { job: decodeURIComponent(m[1]!), at: Date.now(), status: 0 } : undefined;
    if (rec) seen.push(rec);
    const f = rec ? fault.current : undefined;
    if (f === 'drop') {
      // Held, then dropped unanswered, as a dead connection; the POST did not reach the job.
      setTimeout(() => res.socket?.destroy(), 20_000).unref();
      return;
    }
    if (f && rec) {
      rec.status = f.status;
      res.writeHead(f.status, { 'content-type': 'application/json', ...(f.retryAfter ? { 'retry-after': String(f.retryAfter) } : {}) });
      res.end(JSON.stringify({ error: { code: f.status === 429 ? 'TooManyRequests' : 'ServiceUnavailable', message: 'Injected by the T14 proxy.' } }));
      return;
    }
    const up = http.request({ host: t.hostname, port: t.port, method: req.method, path: req.url, headers: req.headers }, (r) => {
      if (rec) rec.status = r.statusCode ?? 0;
      res.writeHead(r.statusCode ?? 502, r.headers);
      r.pipe(res);
    });
    up.on('error', () => res.destroy());
    req.pipe(up);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    fault,
    stop: () => new Promise<void>((r) => {
      server.close(() => r());
      server.closeAllConnections();
    }),
  };
}

export async function runT14(): Promise<boolean> {
  const checks: Check[] = [];
  const stack: Stack = await startStack({});
  const seen: Seen[] = [];
  const proxy = await startProxy(stack.emulator.url, seen);
  let bot: BotProc | undefined;
  try {
    bot = await stack.startBot({ armEndpoint: proxy.url, pollSeconds: 3600 });
    const client = clientFor(stack, () => bot!.url, 40_000);
    const phases: { name: string; faults: Parameters<Stack['emulator']['faults']['set']>[0]; post: PostFault }[] = [
      { name: `429 Retry-After ${RETRY_AFTER_S}s`, faults: { rate429: 1, retryAfterSeconds: RETRY_AFTER_S, scope: 'arm' }, post: { status: 429, retryAfter: RETRY_AFTER_S } },
      { name: '503', faults: { rate5xx: 1, scope: 'arm' }, post: { status: 503 } },
      { name: 'timeout', faults: { rateTimeout: 1, timeoutMs: 60_000, scope: 'arm' }, post: 'drop' },
    ];
    const outcomes: { phase: string; job: string; kind: string; ms: number; text: string; again?: () => Promise<unknown> }[] = [];
    let n = 0;
    for (const phase of phases) {
      // Cards are asked for before the fault starts (so the press, not the ask, meets the fault).
      const devJobs = [0, 1].map(() => stack.emulator.addJob({ name: `t14-dev-${n++}`, status: 'Running' }).name);
      const prodJob = stack.emulator.addJob({ name: `t14-prod-${n++}`, workspace: 'mlw-prod', status: 'Running' }).name;
      const cards = await Promise.all(devJobs.map((j) => askCancel(client, j)));
      const h = await askApproval(client, prodJob);
      stack.emulator.faults.set(phase.faults);
      const end = Date.now() + PHASE_MS;
      const timed = async (job: string, kind: string, f: () => Promise<{ text: string; raw: unknown }>, again?: () => Promise<unknown>): Promise<void> => {
        const t0 = Date.now();
        const r = await f().catch((e: unknown) => ({ text: `no answer: ${(e as Error).name}`, raw: {} }));
        const broken = isBroken(r.raw);
        outcomes.push({ phase: phase.name, job, kind, ms: Date.now() - t0, text: broken ? `BROKEN ${broken}` : r.text, again });
      };
      await Promise.all([
        ...devJobs.map((j, i) => timed(j, 'cancel', () => confirmCancel(client, cards[i]!.confirm), () => confirmCancel(client, cards[i]!.confirm))),
        h ? timed(prodJob, 'approve', () => approve(client, h), () => approve(client, h)) : Promise.resolve(),
        timed('t14-dev-0', 'show', async () => {
          const r = await client.message(`show ${devJobs[0]}`, { ...PERSONAL, user: ALICE });
          return { text: r.activities.map((a) => a.text ?? '').join(' ') || 'card', raw: r.activities };
        }),
      ]);
      stack.emulator.faults.clear();
      // Then the same fault aimed at cancel POSTs only, on fresh cards, so the POST itself meets it.
      const postJobs = [0, 1].map(() => stack.emulator.addJob({ name: `t14-post-${n++}`, status: 'Running' }).name);
      const postProd = stack.emulator.addJob({ name: `t14-pprod-${n++}`, workspace: 'mlw-prod', status: 'Running' }).name;
      const postCards = await Promise.all(postJobs.map((j) => askCancel(client, j)));
      const ph = await askApproval(client, postProd);
      proxy.fault.current = phase.post;
      await Promise.all([
        ...postJobs.map((j, i) => timed(j, 'cancel(POST fault)', async () => {
          proxy.fault.current = phase.post;
          return confirmCancel(client, postCards[i]!.confirm);
        }, () => confirmCancel(client, postCards[i]!.confirm))),
        ph ? timed(postProd, 'approve(POST fault)', () => approve(client, ph), () => approve(client, ph)) : Promise.resolve(),
      ]);
      await sleep(Math.max(0, end - Date.now()));
      proxy.fault.current = undefined;
    }
    // Afterwards the same buttons again: whatever did not happen may happen now, once.
    for (const o of outcomes) if (o.again) await o.again().catch(() => undefined);
    await sleep(1000);

    const perJob = new Map<string, Seen[]>();
    for (const s of seen) perJob.set(s.job, [...(perJob.get(s.job) ?? []), s]);
    const executed = [...stack.cancels.entries()];
    checks.push({ name: 'no job cancelled twice (emulator store)', pass: executed.every(([, c]) => c <= 1), detail: executed.map(([j, c]) => `${j}=${c}`).join(' ') });
    const attempts = [...perJob.entries()].map(([j, s]) => ({ j, n: s.length, ok: s.filter((x) => x.status >= 200 && x.status < 300).length }));
    checks.push({ name: 'cancel POSTs bounded (≤ 4 per press: 1 + 3 retries) and ≤ 1 accepted per job', pass: attempts.every((a) => a.ok <= 1 && a.n <= 8), detail: attempts.map((a) => `${a.j}:${a.n} sent/${a.ok} ok`).join(' ') });
    const gaps: number[] = [];
    for (const s of perJob.values()) for (let i = 1; i < s.length; i++) if (s[i - 1]!.status === 429) gaps.push(s[i]!.at - s[i - 1]!.at);
    checks.push({ name: `Retry-After honoured (${RETRY_AFTER_S} s)`, pass: gaps.every((g) => g >= RETRY_AFTER_S * 1000 - 50), detail: `gaps after a 429: ${gaps.map((g) => `${g} ms`).join(', ') || 'none'}` });
    const inFault = outcomes;
    const clear = inFault.every((o) => !o.text.startsWith('BROKEN') && !o.text.startsWith('no answer'));
    checks.push({ name: 'every reply during the faults is clear (no stack, no broken text)', pass: clear, detail: inFault.map((o) => `[${o.phase}] ${o.kind} ${o.job} ${o.ms} ms: ${o.text.replace(/\s+/g, ' ').slice(0, 110)}`).join(' || ') });
    checks.push({ name: 'replies within Teams’ 15 s', pass: inFault.every((o) => o.ms <= 15_000), detail: `max ${Math.max(...inFault.map((o) => o.ms))} ms` });
    checks.push({ name: 'no unhandled rejection', pass: bot.faults.length === 0, detail: `${bot.faults.length} ${bot.faults[0]?.message.slice(0, 200) ?? ''}` });
  } catch (err) {
    checks.push({ name: 'run completed', pass: false, detail: String((err as Error).stack ?? err).slice(0, 500) });
  } finally {
    await bot?.stop().catch(() => undefined);
    await proxy.stop();
    await stack.stop();
  }
  return report(`T14 ARM faults (${PHASE_MS / 1000} s per phase)`, checks);
}

if (require.main === module) void runT14().then((ok) => (process.exitCode = ok ? 0 : 1));
