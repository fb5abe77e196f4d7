/**
 * `npm run bench [-- p1 p3]`: runs the benchmarks one after the other (never in parallel: on a 2-core machine they
 * would measure each other), prints one table and writes bench/results/latest.json. Not part of `npm test`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from './lib/bot-runner';
import { machine } from './lib/machine';
import { BenchResult, Row } from './lib/result';
import { markdownTable, textTable } from './lib/table';
import { runP1 } from './p1-reply-latency';
import { runP2 } from './p2-azure-calls';
import { runP3 } from './p3-log-summary';
import { runP4 } from './p4-notices';
import { runP6 } from './p6-cold-start';

const BENCHES: Record<string, () => Promise<BenchResult>> = { p2: runP2, p6: runP6, p3: runP3, p1: runP1, p4: runP4 };

async function main(): Promise<void> {
  const asked = process.argv.slice(2).map((a) => a.toLowerCase());
  const unknown = asked.filter((a) => !(a in BENCHES));
  if (unknown.length) throw new Error(`unknown benchmark(s) ${unknown.join(', ')}; choose from ${Object.keys(BENCHES).join(', ')}`);
  const names = asked.length ? asked : Object.keys(BENCHES);
  const info = machine();
  console.log(`JobOps benchmarks ${names.join(', ')} · ${info.date} · commit ${info.commit}${info.dirty ? ' (src/ modified)' : ''} · ${info.nproc} cores ${info.cpuModel} · node ${info.node}`);
  const rows: Row[] = [];
  const detail: Record<string, unknown> = {};
  const timings: Record<string, number> = {};
  // Others may use this shared machine meanwhile; the load average says how much the figures may be disturbed.
  const load: Record<string, { before: number[]; after: number[] }> = {};
  for (const name of names) {
    const t0 = Date.now();
    console.log(`\n▶ ${name.toUpperCase()}…`);
    const before = os.loadavg().map((x) => Math.round(x * 100) / 100);
    const r = await BENCHES[name]!();
    load[name] = { before, after: os.loadavg().map((x) => Math.round(x * 100) / 100) };
    timings[name] = Math.round((Date.now() - t0) / 1000);
    rows.push(...r.rows);
    detail[name] = r.detail;
    console.log(textTable(r.rows));
    console.log(`(${name.toUpperCase()} took ${timings[name]} s; load average ${load[name]!.before[0]} → ${load[name]!.after[0]})`);
  }
  console.log(`\n${textTable(rows)}`);
  const out = path.join(ROOT, 'bench/results/latest.json');
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, `${JSON.stringify({ machine: info, benchmarks: names, secondsPerBenchmark: timings, loadAverage: load, rows, detail }, null, 2)}\n`);
  // The same tables as Markdown, to paste into bench/README.md next to the notes a person writes.
  const md = [
    `Run ${info.date}, commit ${info.commit}${info.dirty ? ' (src/ modified)' : ''}, ${info.nproc} × ${info.cpuModel}, ${info.memTotalGiB} GiB RAM, node ${info.node}.`,
    ...names.map((n) => `\n### ${n.toUpperCase()} (load average ${load[n]!.before[0]} → ${load[n]!.after[0]})\n\n${markdownTable(rows.filter((r) => r.bench === n.toUpperCase()))}`),
  ].join('\n');
  fs.writeFileSync(out.replace(/\.json$/, '.md'), `${md}\n`);
  console.log(`\nwrote ${path.relative(process.cwd(), out)} and latest.md`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
