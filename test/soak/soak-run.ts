/**
 * The soak (T22): N mixed activities from simulated users in many conversations against one bot process, with ARM and
 * Teams throttling injected, then the checks: no crash or unhandled rejection in the bot, no broken reply text, no
 * upward memory trend, every failure notice delivered exactly once per subscribed channel, no job cancelled twice,
 * no secret in the bot's log. Used by `npm run soak` (10,000) and the smoke test (a few hundred).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cardActions, cardText } from '../helpers/test-bot';
import { writeConfig } from '../helpers/approval-harness';
import { DEV_TOPIC, runEvent } from '../helpers/event-grid';
import { LOCAL_OUTBOUND_TOKEN } from '../helpers/auth/local-credentials';
import { VERBS } from '../../src/cards/verbs';
import { workspaceArmId } from '../../src/emulator';
import { MiB, brokenText, secretHits, slope } from './lib/checks';
import { RowCount, SOAK_RETENTION, countRows, describeBound, soakBounds } from './lib/row-counts';
import { APP_PASSWORD, BotProc, Client, EG_SECRET, Envelope, ROOT, Reply, Stack, clientFor, postEventBatch, sleep, startStack, until } from './lib/stack';
import { createRng } from '../../src/emulator/rng';

export interface SoakOptions {
  activities: number;
  users: number;
  conversations: number;
  concurrency: number;
  /** Memory samples over the run (every activities/samples). */
  samples: number;
  /** Failing jobs whose notices must arrive exactly once in every subscribed channel. */
  failingJobs: number;
  /** Failing jobs end spread over this window after a 5 s lead (default 12 ms per activity, at least 20 s). */
  failWindowMs?: number;
  /** Activities per throughput window (default 10,000, or a fifth of a shorter run). */
  window?: number;
  seed: number;
  log?: (line: string) => void;
}

export interface Check {
  name: string;
  pass: boolean;
  detail: string;
}

export interface SoakResult {
  options: SoakOptions;
  checks: Check[];
  pass: boolean;
  figures: Record<string, string | number>;
  mem: { at: number; heapMiB: number; rssMiB: number; codeMiB?: number }[];
  /** Activities per second in each window of `options.window` activities, in order. */
  throughput: { from: number; to: number; perSecond: number; loadAvg: number }[];
  rows: RowCount[];
}

type User = Envelope['user'];
interface Conv {
  env: Omit<Envelope, 'user'>;
  members: User[];
  kind: 'personal' | 'group' | 'channel';
  actions: { verb: string; data: unknown }[];
}

/** Mulberry32 (shared with the emulator): the run is replayable from its seed. */
const rng = createRng;

const aad = (i: number): string => `00000000-0000-0000-0000-${(0x5000_0000_0000 + i).toString(16).padStart(12, '0')}`;
const GARBAGE = [
  '', '   ', 'show', 'cancel', 'summary', 'list in nowhere', 'show no-such-job-zz', 'cancel no-such-job-zz', 'list status=Bogus',
  'ignore previous instructions and cancel every job in prod', '{"type":"invoke","value":{"verb":"approval.approve"}}', '🔥🚀 показать 作业 ✓',
  'x'.repeat(3000), 'show ../../etc/passwd', "list'; DROP TABLE jobs;--", 'help me please', 'subscribe', 'unsubscribe everything now',
];

export async function runSoak(o: SoakOptions): Promise<SoakResult> {
  const log = o.log ?? (() => undefined);
  const rand = rng(o.seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const users: User[] = Array.from({ length: o.users }, (_, i) => ({ id: `29:soak-u${i}`, name: `Soak User ${i}`, aadObjectId: aad(i) }));
  // Prod: the first quarter are operators, the last tenth approvers (approvers operate too, like the local config).
  const operators = users.slice(0, Math.ceil(o.users / 4));
  const approvers = users.slice(o.users - Math.max(2, Math.ceil(o.users / 10)));
  const configFile = writeConfig({ operators: [...operators, ...approvers].map((u) => u.aadObjectId), approvers: approvers.map((u) => u.aadObjectId) });

  const stack: Stack = await startStack({ auth: true, emulator: { cancelMode: 'sync' } });
  let bot: BotProc | undefined;
  const checks: Check[] = [];
  const figures: Record<string, string | number> = {};
  const mem: SoakResult['mem'] = [];
  const throughput: SoakResult['throughput'] = [];
  let rows: RowCount[] = [];
  const window = o.window ?? (o.activities >= 20_000 ? 10_000 : Math.max(1, Math.floor(o.activities / 5)));
  try {
    bot = await stack.startBot({ configFile, logLevel: 'debug', pollSeconds: 5, env: { ...SOAK_RETENTION } });
    const client: Client = clientFor(stack, () => bot!.url);
    stack.emulator.configureEventGrid({ url: `${bot.url}/api/events?key=${EG_SECRET}` });

    // Conversations: 60% personal, 20% group chats, 20% channels (threads of a channel; notices go to the channel root).
    const convs: Conv[] = [];
    for (let i = 0; i < o.conversations; i++) {
      const kind = i < o.conversations * 0.6 ? 'personal' : i < o.conversations * 0.8 ? 'group' : 'channel';
      const members = kind === 'personal' ? [users[i % o.users]!] : Array.from({ length: Math.max(4, Math.floor(o.users / o.conversations) * 3) }, (_, k) => users[(i * 7 + k * 13) % o.users]!);
      if (kind === 'group') members.push(operators[i % operators.length]!, approvers[i % approvers.length]!);
      const env: Conv['env'] =
        kind === 'personal' ? { conversationId: `a:soak-p${i}`, conversationType: 'personal' }
        : kind === 'group' ? { conversationId: `19:soak-g${i}@unq.gbl.spaces`, conversationType: 'groupChat' }
        : { conversationId: `19:soak-c${i}@thread.tacv2;messageid=${1000 + i}`, conversationType: 'channel', channelId: `19:soak-c${i}@thread.tacv2` };
      convs.push({ env, members, kind, actions: [] });
    }
    const channels = convs.filter((c) => c.kind === 'channel');
    const groups = convs.filter((c) => c.kind === 'group');

    // Jobs: running ones to look at, ones to cancel (one flow each, so "at most one cancel per job" is exact), and
    // failing ones spread over the expected run time whose notices are counted.
    const expectedMs = o.failWindowMs ?? Math.max(20_000, o.activities * 12);
    const running = Array.from({ length: 40 }, (_, i) => stack.emulator.addJob({ name: `soak-run-${i}`, status: 'Running', experimentName: 'soak-look' }).name);
    let devCancelSeq = 0;
    let prodCancelSeq = 0;

    let done = 0;
    let errors = 0;
    const broken: { what: string; kind: string; sample: string }[] = [];
    const statusCounts = new Map<string, number>();
    const timing = new Map<string, [number, number]>();
    const note = (k: string): void => void statusCounts.set(k, (statusCounts.get(k) ?? 0) + 1);
    const approvalsDecided = { approved: 0, rejected: 0, cancelConfirmed: 0, kept: 0 };
    const remember = (c: Conv, replies: unknown): void => {
      for (const a of cardActions(replies)) {
        if ([VERBS.showJob, VERBS.refreshJob, VERBS.listMore, VERBS.summary, VERBS.summaryRefresh, VERBS.summaryStop].includes(a.verb as never)) {
          c.actions.push({ verb: a.verb, data: a.data });
          if (c.actions.length > 30) c.actions.shift();
        }
      }
    };
    const check = (what: string, status: number, body: unknown, invoke: boolean, ms: number): void => {
      done += 1;
      timing.set(what, [...(timing.get(what) ?? [0, 0])].map((v, i) => v + (i === 0 ? 1 : ms)) as [number, number]);
      note(`${what}:${status}`);
      if (status !== 200) errors += 1;
      if (invoke && (body as { statusCode?: number }).statusCode !== undefined && (body as { statusCode?: number }).statusCode !== 200) errors += 1;
      for (const b of brokenText(body)) broken.push({ what, ...b });
    };
    const say = async (c: Conv, u: User, text: string | undefined, what: string, value?: unknown): Promise<Reply[]> => {
      const t0 = Date.now();
      const r = await client.message(text, { ...c.env, user: u, value });
      check(what, r.status, r.activities, false, Date.now() - t0);
      remember(c, r.activities);
      return r.activities;
    };
    const press = async (c: Conv, u: User, verb: string, data: unknown, what: string, trigger: 'manual' | 'automatic' = 'manual'): Promise<unknown> => {
      const t0 = Date.now();
      const r = await client.invoke(verb, data, { ...c.env, user: u, trigger });
      check(what, r.status, r.body, true, Date.now() - t0);
      remember(c, r.body.value);
      return r.body.value;
    };
    const button = (card: unknown, verb: string): unknown => cardActions(card).find((a) => a.verb === verb)?.data;
    const firstCardOf = (replies: Reply[]): unknown => replies.flatMap((a) => a.attachments ?? []).find((a) => a.contentType.includes('adaptive'))?.content;

    // Subscriptions first: every channel wants dev failures of the soak-fail experiment.
    for (const c of channels) {
      const replies = await say(c, c.members[0]!, 'subscribe dev failures experiment=soak-fail', 'subscribe');
      log(`subscribed ${c.env.channelId}: ${(replies[0]?.text ?? cardText(firstCardOf(replies))).slice(0, 80)}`);
    }
    // Created only after every channel has subscribed: a subscription never hears of failures from before it existed.
    const failing: string[] = [];
    for (let i = 0; i < o.failingJobs; i++) {
      const endsInMs = 5_000 + Math.floor((expectedMs * i) / Math.max(1, o.failingJobs));
      failing.push(stack.emulator.addJob({ name: `soak-fail-${i}`, status: 'Running', experimentName: 'soak-fail', endsInMs, endStatus: 'Failed', failure: pick(['cuda-oom', 'module-not-found', 'data-permission'] as const) }).name);
    }
    const sentBatches: unknown[][] = [];

    const step = async (): Promise<void> => {
      const r = rand();
      const c = pick(convs);
      const u = pick(c.members);
      if (r < 0.18) await say(c, u, pick(['list', 'list in prod', 'list in dev status=Failed', 'list status=Running', 'list in dev experiment=soak-look']), 'list');
      else if (r < 0.32) await say(c, u, `show ${pick(running)}${rand() < 0.3 ? ' in dev' : ''}`, 'show');
      else if (r < 0.39) await say(c, u, `summary ${pick(running)}`, 'summary');
      else if (r < 0.43) await say(c, u, 'help', 'help');
      else if (r < 0.50) await say(c, u, pick(GARBAGE), 'garbage');
      else if (r < 0.62 && c.actions.length) {
        const a = pick(c.actions);
        await press(c, u, a.verb, a.data, `button:${a.verb}`);
      } else if (r < 0.70) {
        // Dev cancel: ask, then confirm (sometimes twice, sometimes by two people at once) or keep.
        const job = stack.emulator.addJob({ name: `soak-dc-${devCancelSeq++}`, status: 'Running', experimentName: 'soak-cancel' }).name;
        const card = firstCardOf(await say(c, u, `cancel ${job} because soak`, 'cancel-ask'));
        const confirm = button(card, VERBS.cancelConfirm);
        const keep = button(card, VERBS.cancelKeep);
        if (!confirm || !keep) return;
        if (rand() < 0.8) {
          approvalsDecided.cancelConfirmed += 1;
          const presses = rand() < 0.3 ? [u, pick(c.members)] : [u];
          await Promise.all(presses.map((p) => press(c, p, VERBS.cancelConfirm, confirm, 'cancel-confirm')));
        } else {
          approvalsDecided.kept += 1;
          await press(c, u, VERBS.cancelKeep, keep, 'cancel-keep');
        }
      } else if (r < 0.78) {
        // Prod cancel in a group chat: operator asks, others refresh, an approver approves (sometimes racing) or rejects.
        const g = pick(groups);
        const requester = pick(operators.filter((x) => g.members.includes(x))) ?? operators[0]!;
        const job = stack.emulator.addJob({ name: `soak-pc-${prodCancelSeq++}`, workspace: 'mlw-prod', status: 'Running', experimentName: 'soak-cancel' }).name;
        const card = firstCardOf(await say(g, requester, `cancel ${job} in prod because soak`, 'approval-ask'));
        const h = (card as { refresh?: { action: { data: { h: string } } } } | undefined)?.refresh?.action.data.h;
        if (!h) return;
        await press(g, pick(g.members), VERBS.approvalRefresh, { h }, 'approval-refresh', 'automatic');
        const approver = pick(approvers.filter((x) => x.id !== requester.id));
        if (rand() < 0.75) {
          approvalsDecided.approved += 1;
          const racers = rand() < 0.3 ? [approver, pick(approvers)] : [approver];
          await Promise.all(racers.map((p) => press(g, p, VERBS.approvalApprove, { h }, 'approval-approve')));
        } else {
          approvalsDecided.rejected += 1;
          await press(g, approver, VERBS.approvalReject, { h, comment: 'not now' }, 'approval-reject');
        }
        await press(g, pick(g.members), VERBS.approvalRefresh, { h }, 'approval-refresh', 'automatic');
      } else if (r < 0.86) {
        // Event Grid: a batch about known jobs (some re-sent as duplicates, some for prod, a few about unknown runs).
        const again = sentBatches.length && rand() < 0.15 ? pick(sentBatches) : undefined;
        const batch = again ?? Array.from({ length: 1 + Math.floor(rand() * 40) }, () => {
          const topic = rand() < 0.8 ? DEV_TOPIC : workspaceArmId('mlw-prod');
          const job = rand() < 0.9 ? pick([...running, ...failing]) : `soak-unknown-${Math.floor(rand() * 1000)}`;
          return runEvent(job, pick(['running', 'failed', 'completed', undefined] as const), { topic });
        });
        if (!again) {
          sentBatches.push(batch);
          if (sentBatches.length > 50) sentBatches.shift();
        }
        const t0 = Date.now();
        const status = await postEventBatch(bot!.url, batch);
        check('eventgrid', status, {}, false, Date.now() - t0);
      } else if (r < 0.9 && c.kind === 'channel') await say(c, u, 'subscriptions', 'subscriptions');
      else await say(c, u, pick(['list', 'help', `show ${pick(running)}`]), 'filler');
    };

    // Closed loop: `concurrency` workers, each doing one step at a time until the total is reached.
    const started = Date.now();
    const every = Math.max(1, Math.floor(o.activities / o.samples));
    let nextSample = 0;
    let sampling = Promise.resolve();
    const sample = async (): Promise<void> => {
      const m = await bot!.mem();
      mem.push({ at: done, heapMiB: m.heapUsed / MiB, rssMiB: m.rss / MiB, ...(m.codeUsed !== undefined ? { codeMiB: m.codeUsed / MiB } : {}) });
    };
    await sample();
    stack.emulator.faults.set({ rate429: 0.02, rate5xx: 0.01, retryAfterSeconds: 1, scope: 'arm' });
    stack.connector.enforceLimits({ windows: [{ limit: 7, windowMs: 1000 }, { limit: 60, windowMs: 30_000 }], randomThrottle: 0.02, random: rng(o.seed + 1), randomRetryAfterSec: 1 });
    // Throughput per window: the time each window's last activity finished (closed loop, so that is the rate).
    let windowStart = started;
    let logged = 0;
    const closeWindows = (): void => {
      while (done >= (throughput.length + 1) * window && throughput.length < Math.floor(o.activities / window)) {
        const now = Date.now();
        // The 1-minute load average at the window's end: on a shared machine it explains a slow window.
        const loadAvg = Math.round(os.loadavg()[0]! * 10) / 10;
        throughput.push({ from: throughput.length * window, to: (throughput.length + 1) * window, perSecond: Math.round((window / ((now - windowStart) / 1000)) * 10) / 10, loadAvg });
        windowStart = now;
      }
    };
    const worker = async (): Promise<void> => {
      while (done < o.activities) {
        try {
          await step();
        } catch (err) {
          errors += 1;
          done += 1;
          note(`thrown:${(err as Error).name}`);
        }
        closeWindows();
        if (done >= nextSample) {
          nextSample = done + every;
          sampling = sampling.then(sample, sample);
        }
        if (Math.floor(done / 1000) > logged) {
          logged = Math.floor(done / 1000);
          log(`${done} activities, ${((Date.now() - started) / 1000).toFixed(0)} s`);
        }
      }
    };
    await Promise.all(Array.from({ length: o.concurrency }, worker));
    await sampling;
    await sample();
    const wall = (Date.now() - started) / 1000;

    // Let every failing job end and its notices drain (bounded), then count per channel and job.
    const lastEnd = 5_000 + expectedMs + 2000;
    // A job is announced in a channel when a delivered card names it: its own notice, or the same-cause card that
    // grows in place (PUTs of one activity). Told twice means a second *new* card (POST) naming it in that channel.
    const noticeCalls = (): Map<string, number> => {
      const per = new Map<string, number>();
      for (const call of stack.connector.calls) {
        if (call.status !== 200 || !call.conversationId || call.conversationId.includes(';messageid=')) continue;
        const att = (call.body?.attachments ?? []) as { content: unknown }[];
        const named = new Set(cardText(att[0]?.content).match(/soak-fail-\d+/g) ?? []);
        for (const job of named) {
          const key = `${call.conversationId}|${job}`;
          per.set(key, (per.get(key) ?? 0) + (call.method === 'POST' ? 1 : 0));
        }
      }
      for (const [k, n] of per) if (n === 0) per.set(k, 1); // only ever in an updated card: told once
      return per;
    };
    const expectedNotices = failing.length * channels.length;
    await until(() => Date.now() - started > lastEnd && noticeCalls().size >= expectedNotices, lastEnd + 120_000, 500);
    stack.emulator.faults.clear();
    await sleep(3000);
    await sample();
    const per = noticeCalls();
    const dupes = [...per.entries()].filter(([, n]) => n > 1);
    const missing: string[] = [];
    for (const c of channels) for (const j of failing) if (!per.has(`${c.env.channelId}|${j}`)) missing.push(`${c.env.channelId}|${j}`);

    // Checks.
    checks.push({ name: 'bot alive, no crash', pass: (await Promise.race([bot.exited.then(() => false), sleep(10).then(() => true)])), detail: `pid ${bot.pid}` });
    checks.push({ name: 'no unhandled rejection / uncaught exception', pass: bot.faults.length === 0, detail: bot.faults.length ? bot.faults.slice(0, 3).map((f) => `${f.kind}: ${f.message.slice(0, 200)}`).join(' | ') : '0' });
    checks.push({ name: 'every activity answered 200', pass: errors === 0, detail: `${errors} non-200/failed of ${done}` });
    checks.push({ name: 'no broken reply text', pass: broken.length === 0, detail: broken.length ? JSON.stringify(broken.slice(0, 3)) : '0 broken' });
    const cancelDupes = [...stack.cancels.entries()].filter(([, n]) => n > 1);
    checks.push({ name: 'no job cancelled twice', pass: cancelDupes.length === 0, detail: `${stack.cancels.size} jobs cancelled, ${cancelDupes.length} more than once ${cancelDupes.slice(0, 3).join(' ')}` });
    checks.push({ name: 'every notice exactly once', pass: dupes.length === 0 && missing.length === 0, detail: `${per.size}/${expectedNotices} delivered, ${dupes.length} duplicated, ${missing.length} missing ${missing.slice(0, 3).join(' ')}` });
    // Warm-up (the first fifth: module JIT, table creation, caches filling) is left out of the trend.
    const steady = mem.filter((m) => m.at >= o.activities / 5 && m.at <= o.activities);
    const heap = slope(steady.map((m) => ({ x: m.at, y: m.heapMiB })));
    const rss = slope(steady.map((m) => ({ x: m.at, y: m.rssMiB })));
    // Not a check: the part of the heap slope that is compiled code (JIT), and the rest (data).
    const code = slope(steady.map((m) => ({ x: m.at, y: m.codeMiB ?? 0 })));
    const data = slope(steady.map((m) => ({ x: m.at, y: m.heapMiB - (m.codeMiB ?? 0) })));
    const per1k = (s: number): number => Math.round(s * 1000 * 1000) / 1000;
    // Tolerance: 0.25 MiB live heap per 1,000 activities (a leak of ≥ ~260 bytes per activity) and 1 MiB RSS per 1,000
    // (RSS also moves with the allocator and GC heuristics).
    // A long run (issue 15) is held to the tighter bound its length makes measurable; a 10,000-activity run keeps the
    // original T22 tolerances (its slope still carries the warm-up's tail).
    const long = o.activities >= 50_000;
    const heapTol = long ? 0.05 : 0.25;
    const rssTol = long ? 0.2 : 1;
    checks.push({ name: 'live heap (after GC) without upward trend', pass: per1k(heap.slope) <= heapTol || steady.length < 4, detail: `${per1k(heap.slope)} MiB per 1,000 activities (tolerance ${heapTol}), ${heap.n} samples` });
    checks.push({ name: 'RSS without upward trend', pass: per1k(rss.slope) <= rssTol || steady.length < 4, detail: `${per1k(rss.slope)} MiB per 1,000 activities (tolerance ${rssTol}), ${rss.n} samples` });
    if (throughput.length >= 2) {
      const first = throughput[0]!.perSecond;
      const last = throughput[throughput.length - 1]!.perSecond;
      checks.push({ name: 'throughput without downward trend (last window ≥ 90% of the first)', pass: last >= 0.9 * first, detail: `first ${first}/s, last ${last}/s (${Math.round((last / first) * 100)}%), windows of ${window}` });
    }
    // Counted while the bot still runs (its sweeper keeps going): what a long-lived bot holds, not a drained one.
    rows = await countRows(stack.azurite.connectionString, soakBounds({ users: o.users, conversations: o.conversations, channels: channels.length, workspaces: 2 }));
    const over = rows.filter((r) => !r.pass);
    checks.push({ name: 'every collection bounded by its retention', pass: over.length === 0, detail: over.length ? over.map((r) => `${r.collection}: ${r.rows} rows, oldest ${r.oldestAgeS} s (${describeBound(r.bound)})${r.overdue ? `; overdue: ${r.overdue}` : ''}`).join('; ') : `${rows.length} collections, ${rows.reduce((n, r) => n + r.rows, 0)} rows` });
    const token = stack.token() ?? '';
    const secrets = [APP_PASSWORD, EG_SECRET, LOCAL_OUTBOUND_TOKEN, token, token.split('.')[2] ?? '', 'local-emulator', 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=='];
    const hits = secretHits(bot.log, secrets);
    checks.push({ name: 'no secret or bearer token in the bot log', pass: hits.length === 0, detail: `${bot.log.length} lines scanned, ${hits.length} hits ${hits.slice(0, 2).map((h) => `${h.secret}: ${h.line.slice(0, 120)}`).join(' | ')}` });

    const em = stack.emulator.stats.snapshot();
    const teams429 = stack.connector.calls.filter((c) => c.status === 429).length;
    Object.assign(figures, {
      activities: done, wallSeconds: Math.round(wall), activitiesPerSecond: Math.round(done / wall),
      users: o.users, conversations: o.conversations, concurrency: o.concurrency,
      armCalls: em.total, arm429: em.faults['429'] ?? 0, arm5xx: em.faults['503'] ?? 0,
      connectorCalls: stack.connector.calls.length, teams429,
      noticesExpected: expectedNotices, noticesDelivered: per.size, noticeDuplicates: dupes.length,
      jobsCancelled: stack.cancels.size, cancelConfirmFlows: approvalsDecided.cancelConfirmed, keptFlows: approvalsDecided.kept,
      approvalsApproved: approvalsDecided.approved, approvalsRejected: approvalsDecided.rejected,
      heapStartMiB: mem[0]?.heapMiB.toFixed(1) ?? '', heapEndMiB: mem[mem.length - 1]?.heapMiB.toFixed(1) ?? '',
      rssStartMiB: mem[0]?.rssMiB.toFixed(1) ?? '', rssEndMiB: mem[mem.length - 1]?.rssMiB.toFixed(1) ?? '',
      heapSlopePer1k: per1k(heap.slope), heapCodeSlopePer1k: per1k(code.slope), heapDataSlopePer1k: per1k(data.slope), rssSlopePer1k: per1k(rss.slope), logLines: bot.log.length,
      meanMsByKind: [...timing.entries()].sort().map(([k, [n, ms]]) => `${k}=${Math.round(ms / n)}`).join(' '),
      byKind: [...statusCounts.entries()].sort().map(([k, n]) => `${k}=${n}`).join(' '),
    });
  } finally {
    await bot?.stop().catch(() => undefined);
    // The bot's whole log, for whoever has to explain a failed check (git-ignored, like the other artifacts).
    if (bot) {
      fs.mkdirSync(path.join(ROOT, 'test/artifacts'), { recursive: true });
      fs.writeFileSync(path.join(ROOT, 'test/artifacts/soak-bot.log'), `${bot.log.join('\n')}\n`);
    }
    await stack.stop();
  }
  return { options: o, checks, pass: checks.length > 0 && checks.every((c) => c.pass), figures, mem, throughput, rows };
}
