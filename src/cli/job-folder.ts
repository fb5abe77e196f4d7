import { promises as fs } from 'fs';
import path from 'path';
import { pickTriageFiles } from '../azureml/log-source';
import { mapRunError } from '../azureml/run-mapper';
import type { RunError } from '../azureml/types';

/** What a folder written by `az ml job download` (or a copy of a job's logs) offers the triage. */
export interface JobFolder {
  /** Log paths relative to the job's log root (`user_logs/std_log.txt`…) → file on disk, in stage order. */
  logs: { name: string; file: string }[];
  runError?: RunError;
  /** The JSON file the run error came from, if any. */
  errorFile?: string;
}

const MAX_FILES = 5000;

/** Every file under `dir`, bounded so a wrong folder (a home directory) cannot make the CLI walk forever. */
async function walk(dir: string, out: string[] = []): Promise<string[]> {
  for (const e of await fs.readdir(dir, { withFileTypes: true })) {
    if (out.length >= MAX_FILES) break;
    const p = path.join(dir, e.name);
    if (e.isDirectory()) await walk(p, out);
    else if (e.isFile()) out.push(p);
  }
  return out;
}

/**
 * `az ml job download` writes `<dir>/artifacts/{user_logs,system_logs,azureml-logs}/…` (older jobs: `azureml-logs/`
 * at the top); the log names the bot uses are the part from those folders on. A JSON file holding an `error` object
 * (the run's details as `az ml job show` or the REST API return them) is the run error.
 */
export async function readJobFolder(dir: string): Promise<JobFolder> {
  const files = await walk(dir);
  const byName: Record<string, string> = {};
  for (const f of files) {
    const rel = path.relative(dir, f).split(path.sep).join('/');
    const m = /(?:^|\/)((?:user_logs|system_logs|azureml-logs|logs)\/.+)$/.exec(rel);
    if (m?.[1] && /\.(?:txt|log)$/.test(m[1])) byName[m[1]] ??= f;
  }
  const logs = pickTriageFiles(byName).map((name) => ({ name, file: byName[name]! }));
  for (const f of files.filter((x) => x.endsWith('.json')).sort()) {
    const stat = await fs.stat(f);
    if (stat.size > 1024 * 1024) continue;
    try {
      const raw = JSON.parse(await fs.readFile(f, 'utf8')) as Record<string, unknown>;
      const runError = mapRunError(raw.error ?? (raw.properties as Record<string, unknown> | undefined)?.error);
      if (runError) return { logs, runError, errorFile: path.relative(dir, f) };
    } catch {
      // Not JSON, or not a run's details: artifacts may hold any JSON. Said by omission: it is not in "read".
      continue;
    }
  }
  return { logs };
}
