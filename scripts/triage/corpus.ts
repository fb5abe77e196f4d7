import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { FAILURE_CATEGORIES, isFailureCategory, type FailureCategory } from '../../src/logs/categories';

/** The real-log corpus: <id>.txt (verbatim excerpt) + <id>.json (labels), see its README. */
export const CORPUS_DIR = path.resolve(__dirname, '../../test/fixtures/logs/real');

/** Share of sources (not cases) held out; fixed before any rule was changed against the corpus. */
export const HELD_OUT_SHARE = 0.45;

export interface CorpusCase {
  id: string;
  source: string;
  jobType: string;
  logKind: string;
  category: FailureCategory;
  rootCause: string;
  note: string;
  text: string;
  part: 'dev' | 'held-out';
  /** Cases added in one batch after the rules were written (e.g. "2026-12-05"): unseen by whoever wrote the rules. */
  batch?: string;
}

/**
 * Log kinds that are the failed run's own error (what Studio, `az ml job show` or the run's details give as its error),
 * not a log: the product gets these as the run error of a job whose status is Failed, and triages them that way. No
 * excerpt of kind `run_error_json` in the corpus is whole JSON (they are cut from threads), so all are given as the
 * error's message text.
 */
const RUN_ERROR_KINDS = /^(?:studio_error_text|studio_error|run_error_json|other: (?:run|job|pipeline run) error message)$/;

export function isRunError(logKind: string): boolean {
  return RUN_ERROR_KINDS.test(logKind.trim());
}

/**
 * Log kinds a job writes (its std, driver, image-build, system and AutoML logs): the product reads these for a job it
 * knows has Failed. The rest (SDK exceptions, CLI output, deployment and scoring logs, notes) reach triage as a file
 * given to `jobops summarize`, with no job status.
 */
const JOB_LOG_KINDS = /^(?:std_log|driver_log|image_build_log|execution_log|executionlogs|execution_wrapper|automl_log|job_prep|other: (?:logs\/sys\/|60_control_log|ParallelRunStep worker log|DataTransferStep stderrlogs))/;

export function isJobLog(logKind: string): boolean {
  return JOB_LOG_KINDS.test(logKind.trim());
}

const REQUIRED = ['id', 'source', 'jobType', 'logKind', 'category', 'rootCause', 'note'] as const;

/**
 * The split is by source, so two excerpts of one thread never sit on both sides: the URL without its
 * fragment or query, lower-cased, hashed with SHA-256; the first 32 bits decide.
 */
export function partOf(source: string): 'dev' | 'held-out' {
  const key = source.trim().split(/[#?]/)[0]!.replace(/\/+$/, '').toLowerCase();
  const n = createHash('sha256').update(key).digest().readUInt32BE(0);
  return n / 2 ** 32 < HELD_OUT_SHARE ? 'held-out' : 'dev';
}

/**
 * Reads and checks every case; problems are returned, not thrown, so a check can list them all. With `only`, the
 * other part's files are not read at all (only their source URL, which decides the part), nor reported on.
 */
export function loadCorpus(dir = CORPUS_DIR, only?: 'dev' | 'held-out'): { cases: CorpusCase[]; problems: string[] } {
  const problems: string[] = [];
  const cases: CorpusCase[] = [];
  const files = fs.existsSync(dir) ? fs.readdirSync(dir) : [];
  const seen = new Map<string, string>();
  for (const f of files.filter((n) => n.endsWith('.json')).sort()) {
    const id = f.slice(0, -'.json'.length);
    let meta: Record<string, unknown>;
    try {
      meta = JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as Record<string, unknown>;
    } catch (e) {
      problems.push(`${f}: not JSON (${(e as Error).message})`);
      continue;
    }
    if (only && (typeof meta.source !== 'string' || partOf(meta.source) !== only)) continue;
    const missing = REQUIRED.filter((k) => typeof meta[k] !== 'string' || !(meta[k] as string).trim());
    if (missing.length) problems.push(`${f}: missing ${missing.join(', ')}`);
    const category = String(meta.category);
    if (!isFailureCategory(category)) problems.push(`${f}: unknown category ${category} (one of ${FAILURE_CATEGORIES.join(', ')})`);
    if (meta.id !== id) problems.push(`${f}: id ${String(meta.id)} is not the file name`);
    const txt = path.join(dir, `${id}.txt`);
    if (!fs.existsSync(txt)) {
      problems.push(`${f}: no ${id}.txt`);
      continue;
    }
    const text = fs.readFileSync(txt, 'utf8');
    const rootCause = String(meta.rootCause ?? '');
    if (category !== 'unknown' && !text.includes(rootCause)) problems.push(`${f}: rootCause is not verbatim in ${id}.txt`);
    if (rootCause.includes('\n')) problems.push(`${f}: rootCause spans lines`);
    const key = `${String(meta.source)}\u0000${rootCause}`;
    if (seen.has(key)) problems.push(`${f}: same source and root cause as ${seen.get(key)}`);
    seen.set(key, id);
    if (missing.length || !isFailureCategory(category)) continue;
    const source = String(meta.source);
    cases.push({
      id, source, jobType: String(meta.jobType), logKind: String(meta.logKind), category, rootCause, note: String(meta.note), text, part: partOf(source), ...(typeof meta.batch === 'string' ? { batch: meta.batch } : {}),
    });
  }
  for (const f of files.filter((n) => n.endsWith('.txt'))) {
    if (only) break;
    if (!files.includes(f.replace(/\.txt$/, '.json'))) problems.push(`${f}: no labels (.json)`);
  }
  return { cases, problems };
}
