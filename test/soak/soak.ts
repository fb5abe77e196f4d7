/**
 * `npm run soak` (T22): 10,000 activities from 200 users in 50 conversations against a bot in its own process, then
 * writes the figures to the "Soak (T22)" section of bench/README.md (only that section; the rest is someone else's).
 * `npm run soak -- 100000` (or `100k`, or SOAK_ACTIVITIES) sets the length; a run of 50,000 or more is the long soak
 * of issue 15 and writes its own section ("Long soak"). Exit code 1 when any check fails.
 */
import fs from 'node:fs';
import path from 'node:path';
import { machine } from '../../bench/lib/machine';
import { recordFaultRun } from '../faults/results';
import { describeBound } from './lib/row-counts';
import { runSoak } from './soak-run';

const README = path.resolve(__dirname, '../../bench/README.md');

/** `100000`, `100k`, `100_000`: the soak's length in activities. */
export function parseLength(arg: string | undefined): number {
  const m = /^(\d[\d_]*)(k?)$/i.exec((arg ?? '').trim());
  const n = m ? Number(m[1]!.replace(/_/g, '')) * (m[2] ? 1000 : 1) : NaN;
  if (!Number.isInteger(n) || n < 10) throw new Error(`the soak length must be a number of activities like 10000 or 100k (got "${arg}")`);
  return n;
}

async function main(): Promise<void> {
  const activities = parseLength(process.argv[2] ?? process.env.SOAK_ACTIVITIES ?? '10000');
  const long = activities >= 50_000;
  const START = long ? '<!-- soak-long:start -->' : '<!-- soak-t22:start -->';
  const END = long ? '<!-- soak-long:end -->' : '<!-- soak-t22:end -->';
  const r = await runSoak({ activities, users: 200, conversations: 50, concurrency: 10, samples: 50, failingJobs: 30, seed: 22, log: (l) => console.log(l) });
  for (const c of r.checks) console.log(`${c.pass ? 'PASS' : 'FAIL'} ${c.name}: ${c.detail}`);
  console.log(JSON.stringify(r.figures));
  // Recorded with the fault runs, so docs/security-matrix.md can name the full run's checks (`fault: T22 soak (…) › …`).
  if (activities === 10_000) recordFaultRun(`T22 soak (${activities} activities)`, r.checks);
  const m = machine();
  const f = r.figures;
  const section = [
    START,
    long ? `## Long soak (issue 15): ${activities.toLocaleString('en-US')} activities` : '## Soak (T22)',
    '',
    `\`npm run soak\` (test/soak/soak.ts; smoke variant test/soak/soak-smoke.test.ts in \`npm test\`). Run ${m.date}, commit ${m.commit}${m.dirty ? ' (src/ dirty)' : ''}, Node ${m.node}, nproc ${m.nproc} (${m.cpuModel}), ${m.memTotalGiB} GiB RAM; the machine was shared with other test runs (load average during the run: see note).`,
    '',
    '```',
    m.freeH,
    '```',
    '',
    `Setup: the bot in its own process (test/soak/lib/bot-child.ts: startJobOps, authenticated mode with a loopback OpenID server, log level debug, \`--expose-gc\`); the emulator (real clock) and Azurite (child) in the runner; the recording connector stand-in enforcing 7/s and 60/30 s per conversation plus 2% random Teams 429 (Retry-After 1 s); the emulator injecting 2% ARM 429 (Retry-After 1 s) and 1% 503. ${f.users} users, ${f.conversations} conversations (60% personal, 20% group chats, 20% channel threads), ${f.concurrency} closed-loop workers. Mix: list/show/summary/help/garbage messages, card buttons from earlier replies, dev cancel ask+confirm (30% double-pressed)/keep, prod cancel approval in group chats (ask, refresh invokes, approve — 30% raced by two approvers — or reject), Event Grid batches of 1–40 events (15% re-sent), channel subscriptions; ${r.options.failingJobs} jobs fail during the run and every subscribed channel must get each notice once.`,
    '',
    '| Check | Result | Figure |',
    '|---|---|---|',
    ...r.checks.map((c) => `| ${c.name} | ${c.pass ? 'PASS' : 'FAIL'} | ${c.detail.replace(/\|/g, '\\|')} |`),
    '',
    '| Figure | Value |',
    '|---|---|',
    ...Object.entries(f).filter(([k]) => k !== 'byKind' && k !== 'meanMsByKind').map(([k, v]) => `| ${k} | ${v} |`),
    '',
    `Activities by kind and HTTP status: ${f.byKind}`,
    '',
    `Mean reply time by kind (ms, shared 2-core machine, includes injected Retry-After waits): ${f.meanMsByKind}`,
    '',
    `Throughput per ${r.throughput[0] ? (r.throughput[0].to - r.throughput[0].from).toLocaleString('en-US') : '—'} activities (activities/s, closed loop of ${f.concurrency}; in brackets the machine's 1-minute load average at the window's end, 2 cores): ${r.throughput.map((w) => `${w.from / 1000}k–${w.to / 1000}k ${w.perSecond} [${w.loadAvg}]`).join(', ')}`,
    '',
    'Rows per collection at the end (counted in Azurite while the bot still ran; the soak runs with retentions of minutes, not days — `test/soak/lib/row-counts.ts`):',
    '',
    '| Collection | Rows | Oldest row (s) | Bound (retention) | Within |',
    '|---|---|---|---|---|',
    ...r.rows.map((x) => `| ${x.collection} | ${x.rows} | ${x.rows ? x.oldestAgeS : '—'} | ${describeBound(x.bound).replace(/\|/g, '\\|')} | ${x.pass ? 'yes' : '**no**'} |`),
    '',
    'Memory: sampled over IPC every activities/50, live heap measured right after a forced full GC (so the slope is retention, not garbage), RSS from process.memoryUsage(). The first fifth of the run (JIT, table creation, caches filling) is left out; the slope is a least-squares fit of MiB over activities. ' + (long
      ? 'Tolerance (long run, issue 15): live heap ≤ 0.05 MiB per 1,000 activities — a leak of one ~52-byte object per activity would exceed it — and RSS ≤ 0.2 MiB per 1,000.'
      : 'Tolerance: live heap ≤ 0.25 MiB per 1,000 activities — a leak of one ~260-byte object per activity would exceed it — and RSS ≤ 1 MiB per 1,000 (RSS also moves with allocator and GC heuristics, so it gets more room).'),
    '',
    `Samples (activities: heap MiB / of which compiled code MiB / RSS MiB): ${r.mem.map((s) => `${s.at}: ${s.heapMiB.toFixed(1)}/${s.codeMiB?.toFixed(1) ?? '—'}/${s.rssMiB.toFixed(0)}`).join(', ')}`,
    '',
    'The captured bot log (stdout and stderr of the bot process) was scanned for the bot password, the Event Grid secret, the channel token (and its signature), the outbound token, the local ARM bearer value and the storage account key, and for any `Bearer <value>` that was not redacted.',
    END,
  ].join('\n');
  const current = fs.readFileSync(README, 'utf8');
  const next = current.includes(START) ? current.replace(new RegExp(`${START}[\\s\\S]*?${END}`), section) : `${current.trimEnd()}\n\n${section}\n`;
  fs.writeFileSync(README, next);
  process.exitCode = r.pass ? 0 : 1;
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error('soak failed to run:', err);
    process.exit(2);
  });
}
