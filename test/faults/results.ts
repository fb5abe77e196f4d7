/**
 * The fault runs' record: every `report()` merges its run's named checks into test/artifacts/faults-results.json (this
 * environment's record, git-ignored like jest-results.json; `npm run matrix` reads it) and rewrites
 * bench/results/faults-latest.json and .md (the copy for people, committed like bench/results/latest.*).
 * One entry per run name, the latest recording wins: running t17-kill.ts alone replaces only the T17 entry.
 */
import fs from 'node:fs';
import path from 'node:path';
import { machine } from '../../bench/lib/machine';

export const ROOT = path.resolve(__dirname, '../..');
export const FAULT_RESULTS = path.join(ROOT, 'test/artifacts/faults-results.json');
export const FAULT_SUMMARY_JSON = path.join(ROOT, 'bench/results/faults-latest.json');

export interface RecordedCheck {
  name: string;
  pass: boolean;
  detail: string;
  /** When the run reported this check (checks are reported together at the end of their run). */
  at: string;
}

export interface FaultRunRecord {
  /** The name the run reports under, e.g. "T17 kill -9" or "T18 storage outage (30 s)" (its settings are part of it). */
  run: string;
  pass: boolean;
  /** The end of the previous run in the same process, or when this process loaded the fault library. */
  startedAt: string;
  finishedAt: string;
  /** Short commit hash at the run's start; `dirty` when src/ had uncommitted changes (code no commit has). */
  commit: string;
  dirty: boolean;
  node: string;
  machine: string;
  checks: RecordedCheck[];
}

export interface FaultResults {
  schema: 1;
  updatedAt: string;
  runs: Record<string, FaultRunRecord>;
}

export function readFaultResults(file = FAULT_RESULTS): FaultResults | undefined {
  if (!fs.existsSync(file)) return undefined;
  const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<FaultResults>;
  if (parsed.schema !== 1 || typeof parsed.runs !== 'object' || parsed.runs === null) throw new Error(`${file} is not a fault results file (schema 1)`);
  return parsed as FaultResults;
}

function writeAtomically(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, text);
  fs.renameSync(tmp, file);
}

/** Where the next run starts: when this process loaded the fault library, then the end of each reported run. */
let runStart = { at: Date.now(), machine: machine() };

/** Merges one run into the record (read just before writing: another fault run may have finished meanwhile). */
export function recordFaultRun(run: string, checks: { name: string; pass: boolean; detail: string }[]): FaultRunRecord {
  const m = machine();
  const start = runStart;
  const finishedAt = new Date().toISOString();
  const record: FaultRunRecord = {
    run,
    pass: checks.length > 0 && checks.every((c) => c.pass),
    startedAt: new Date(start.at).toISOString(),
    finishedAt,
    // The code that ran is the code at the start (a commit made during a run does not change it).
    commit: start.machine.commit,
    dirty: start.machine.dirty,
    node: m.node,
    machine: `${m.nproc} × ${m.cpuModel}, ${m.memTotalGiB} GiB RAM`,
    checks: checks.map((c) => ({ name: c.name, pass: c.pass, detail: c.detail, at: finishedAt })),
  };
  runStart = { at: Date.now(), machine: m };
  let current: FaultResults | undefined;
  try {
    current = readFaultResults();
  } catch {
    current = undefined; // unreadable: start a new record rather than lose this run
  }
  const merged: FaultResults = { schema: 1, updatedAt: finishedAt, runs: { ...(current?.runs ?? {}), [run]: record } };
  const text = `${JSON.stringify(merged, null, 2)}\n`;
  writeAtomically(FAULT_RESULTS, text);
  writeAtomically(FAULT_SUMMARY_JSON, text);
  writeAtomically(FAULT_SUMMARY_JSON.replace(/\.json$/, '.md'), summaryMarkdown(merged));
  return record;
}

const cell = (text: string, max = 400): string => {
  const flat = text.replace(/\s+/g, ' ').replace(/\|/g, '\\|');
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
};

/** The people's view: one section per run, newest first; details shortened (the JSON has them whole). */
export function summaryMarkdown(results: FaultResults): string {
  const runs = Object.values(results.runs).sort((a, b) => b.finishedAt.localeCompare(a.finishedAt));
  const lines = [
    '# Fault runs: latest result of each',
    '',
    'Written by `npm run faults` (or one run alone, e.g. `node --import tsx test/faults/t17-kill.ts`); the full record is',
    'bench/results/faults-latest.json and, in the environment that ran them, test/artifacts/faults-results.json, which',
    '`npm run matrix` checks the `fault:` references of docs/security-matrix.md against.',
    '',
  ];
  for (const r of runs) {
    const seconds = Math.round((Date.parse(r.finishedAt) - Date.parse(r.startedAt)) / 1000);
    lines.push(
      `## ${r.run}: ${r.pass ? 'pass' : '**FAIL**'}`,
      '',
      `Finished ${r.finishedAt} (${seconds} s), commit ${r.commit}${r.dirty ? ' (src/ modified)' : ''}, ${r.machine}, node ${r.node}.`,
      '',
      '| check | result | detail |',
      '|---|---|---|',
      ...r.checks.map((c) => `| ${cell(c.name, 200)} | ${c.pass ? 'pass' : '**FAIL**'} | ${cell(c.detail)} |`),
      '',
    );
  }
  return `${lines.join('\n').trimEnd()}\n`;
}
