/**
 * P2: Azure calls per operation, counted by the emulator, while the real bot is driven over HTTP. The workspace GET
 * and the discovery document are fetched once per process per workspace, so they are reported on their own and
 * kept out of the per-operation figures.
 */
import { BotClient, cardActions, firstCard } from './lib/bot-client';
import { spawnBot } from './lib/bot-runner';
import { EmulatorControl, EmulatorStats } from './lib/emulator-control';
import { BenchResult, Row, row } from './lib/result';

const DISCOVERY_KINDS = ['workspaceGet', 'discovery'];

interface Measured {
  op: string;
  counts: Record<string, number>;
  /** Calls excluding the once-per-process discovery. */
  calls: number;
  bytes: number;
}

function strip(s: EmulatorStats): { counts: Record<string, number>; calls: number; discovery: number } {
  const counts: Record<string, number> = {};
  let calls = 0;
  let discovery = 0;
  for (const [k, v] of Object.entries(s.counts)) {
    if (!v) continue;
    counts[k] = v;
    if (DISCOVERY_KINDS.includes(k)) discovery += v;
    else calls += v;
  }
  return { counts, calls, discovery };
}

const fmt = (c: Record<string, number>): string => Object.entries(c).map(([k, v]) => `${k}×${v}`).join(' ');
const n = (c: Record<string, number>, k: string): number => c[k] ?? 0;

export async function runP2(): Promise<BenchResult> {
  const bot = await spawnBot();
  const emu = new EmulatorControl(bot.emulatorUrl);
  const client = new BotClient(bot.url, 'a:bench-p2');
  const measured: Measured[] = [];
  let discoveryTotal = 0;
  const discoveryCounts: Record<string, number> = {};

  async function measure<T>(op: string, f: () => Promise<T>): Promise<T> {
    await emu.resetStats();
    const out = await f();
    const s = await emu.stats();
    const { counts, calls, discovery } = strip(s);
    discoveryTotal += discovery;
    for (const k of DISCOVERY_KINDS) if (counts[k]) discoveryCounts[k] = (discoveryCounts[k] ?? 0) + counts[k]!;
    for (const k of DISCOVERY_KINDS) delete counts[k];
    measured.push({ op, counts, calls, bytes: s.bytesServed });
    return out;
  }

  try {
    const rows: Row[] = [];
    const listCard = firstCard(await measure('list (1 page of 10)', () => client.send('list')));
    await measure('list top=20 (2 pages of 10)', () => client.send('list top=20'));
    const more = cardActions(listCard).find((a) => a.verb === 'list.more');
    if (more) await measure('list → More', () => client.invoke('list.more', more.data));
    // Issue 12: a started job's card reads its compute (VM size) and the region's VM sizes once, then from the cache.
    await measure('show running job, compute cache cold', () => client.send('show train-resnet50-nightly'));
    await measure('show command job', () => client.send('show train-resnet50-nightly'));
    await measure('show queued job (full cluster), cache cold', () => client.send('show train-detr-coco-15'));
    await measure('show queued job (full cluster), cache warm', () => client.send('show train-detr-coco-15'));
    await measure('show queued job (out of quota, prod), cold', () => client.send('show train-fraud-llm-prod-4 in prod'));
    await measure('outputs', () => client.send('outputs train-resnet50-nightly'));
    const rerunCard = firstCard(await measure('rerun request', () => client.send('rerun train-unet-segmentation-11')));
    const rerunConfirm = cardActions(rerunCard).find((a) => a.verb === 'rerun.confirm');
    if (!rerunConfirm) throw new Error('no confirm button on the rerun card');
    await measure('rerun confirm', () => client.invoke('rerun.confirm', rerunConfirm.data));
    await measure('rerun confirm, replayed', () => client.invoke('rerun.confirm', rerunConfirm.data));
    await measure('show pipeline', () => client.send('show pipe-feature-eng-31'));
    await measure('show failed job', () => client.send('show train-lstm-sentiment-14'));
    await measure('show failed pipeline', () => client.send('show pipe-train-eval-8'));
    await measure('summary failed command job', () => client.send('summary train-lstm-sentiment-14'));
    await measure('summary failed pipeline', () => client.send('summary pipe-train-eval-8'));

    for (const mode of ['sync', 'lro'] as const) {
      await emu.setCancelMode(mode);
      const job = await emu.addJob({ name: `bench-cancel-${mode}`, status: 'Running' });
      const card = firstCard(await measure(`cancel request (${mode})`, () => client.send(`cancel ${job.name}`)));
      const confirm = cardActions(card).find((a) => a.verb === 'cancel.confirm');
      if (!confirm) throw new Error(`no confirm button on the cancel card for ${job.name}`);
      await measure(`cancel confirm (${mode})`, () => client.invoke('cancel.confirm', confirm.data));
    }
    await emu.setCancelMode('sync');

    const by = (op: string): Measured => {
      const m = measured.find((x) => x.op === op);
      if (!m) throw new Error(`not measured: ${op}`);
      return m;
    };
    const add = (op: string, target: string, ok: boolean, note?: string): void => {
      const m = by(op);
      rows.push(row('P2', op, m.calls, 'calls', { text: target, ok }, note ?? fmt(m.counts)));
    };
    add('list (1 page of 10)', '1 jobsList', by('list (1 page of 10)').calls === 1 && n(by('list (1 page of 10)').counts, 'jobsList') === 1);
    add('list top=20 (2 pages of 10)', '2 jobsList', by('list top=20 (2 pages of 10)').calls === 2);
    if (more) add('list → More', '1 jobsList', by('list → More').calls === 1);
    add('show running job, compute cache cold', '1 + compute + VM sizes', by('show running job, compute cache cold').calls <= 3);
    add('show command job', '1 (compute and sizes cached)', by('show command job').calls === 1);
    add('show queued job (full cluster), cache cold', '1 + compute + usages + sizes + 1 list page', by('show queued job (full cluster), cache cold').calls <= 5);
    add('show queued job (full cluster), cache warm', '1 (30 s cache per workspace)', by('show queued job (full cluster), cache warm').calls === 1);
    add('show queued job (out of quota, prod), cold', '≤ 5', by('show queued job (out of quota, prod), cold').calls <= 5);
    add('outputs', '1', by('outputs').calls === 1);
    add('rerun request', '1', by('rerun request').calls === 1);
    add('rerun confirm', 'GET new name (404) + GET source + 1 PUT + card', n(by('rerun confirm').counts, 'jobCreate') === 1);
    add('rerun confirm, replayed', '0 PUT', n(by('rerun confirm, replayed').counts, 'jobCreate') === 0);
    // Issue 12: a started job's cost needs its cluster's VM size, read once per cluster per hour (and the region's sizes).
    const costReads = (op: string): number => n(by(op).counts, 'computeGet') + n(by(op).counts, 'vmSizesList');
    add('show pipeline', '2 (1 +1 children) +1 compute per cluster per hour', by('show pipeline').calls - costReads('show pipeline') <= 2);
    add('show failed job', '2 (1 +1 error)', by('show failed job').calls <= 2);
    add('show failed pipeline', '3 (1 +1 children +1 error)', by('show failed pipeline').calls <= 3);
    for (const op of ['summary failed command job', 'summary failed pipeline']) {
      const m = by(op);
      const reads = n(m.counts, 'blobGet');
      const other = m.calls - reads;
      const limit = op.includes('pipeline') ? 4 : 3;
      rows.push(row('P2', op, `${other} + ${reads} ranged`, 'calls', { text: `≤ ${limit === 4 ? '3 +1 children' : '3'} + ranged reads`, ok: other <= limit }, `${fmt(m.counts)}; ${m.bytes} bytes served`));
    }
    for (const mode of ['sync', 'lro'] as const) {
      const req = by(`cancel request (${mode})`);
      const conf = by(`cancel confirm (${mode})`);
      const gets = n(req.counts, 'jobGet') + n(conf.counts, 'jobGet');
      const posts = n(conf.counts, 'jobCancel');
      const polls = n(conf.counts, 'lroPoll');
      rows.push(
        row('P2', `cancel flow, ${mode} (request + confirm)`, `${gets} GET + ${posts} POST + ${polls} polls`, 'calls',
          { text: '1 GET + 1 POST (+ LRO polls)', ok: gets === 1 && posts === 1 },
          `request: ${fmt(req.counts)}; confirm: ${fmt(conf.counts)}`),
      );
    }
    rows.push(row('P2', 'discovery (workspace GET + discovery doc), whole session', discoveryTotal, 'calls', { text: '1 + 1 (one workspace used, cached per process)', ok: (discoveryCounts.workspaceGet ?? 0) <= 1 && (discoveryCounts.discovery ?? 0) <= 1 }, fmt(discoveryCounts)));
    return { rows, detail: { measured, discovery: discoveryCounts } };
  } finally {
    await bot.stop();
  }
}
