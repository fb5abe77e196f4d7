import { createReadStream, promises as fs } from 'fs';
import { scanStream, summarizeSource, triage, type LogSummary } from '../logs';
import { readJobFolder } from './job-folder';
import { EXIT_OK, UsageError, type CliIo } from './cli-io';
import type { CliCommand } from './command';
import { fileRangeSource } from './file-range-source';
import { formatSummary, formatVerdict } from './format-summary';
import { parseArgs } from './parse-args';

const USAGE = 'jobops summarize <file|folder> [--json] [--full]';

/** `summarize`: tail-first summary of a log file (or a full scan with --full). */
export const summarizeCommand: CliCommand = {
  name: 'summarize',
  usage: USAGE,
  description: 'Classify why a job failed from its log, or from a folder written by `az ml job download` (reads the tail; --full scans everything).',
  async run(argv: readonly string[], io: CliIo): Promise<number> {
    const { positionals, flags } = parseArgs(argv, ['--json', '--full']);
    if (positionals.length !== 1) throw new UsageError(`usage: ${USAGE}`);
    const target = positionals[0] ?? '';
    const full = flags.has('--full');
    const summarize = (file: string): Promise<LogSummary> => (full ? scanStream(createReadStream(file, { highWaterMark: 1024 * 1024 })) : summarizeSource(fileRangeSource(file)));
    if (await isFolder(target)) {
      const folder = await readJobFolder(target);
      if (!folder.logs.length && !folder.runError) throw new UsageError(`no job logs found in ${target} (expected user_logs/, system_logs/ or azureml-logs/ as \`az ml job download\` writes them)`);
      const logs = [];
      for (const l of folder.logs) logs.push({ file: l.name, summary: await summarize(l.file) });
      const verdict = triage({ status: 'Failed', runError: folder.runError, logs });
      const read = [...logs.map((l) => l.file), ...(folder.errorFile ? [folder.errorFile] : [])];
      const primary = logs.find((l) => l.file === verdict.file) ?? logs[0];
      io.stdout.write(flags.has('--json') ? `${JSON.stringify({ ...verdict, read, lastLines: primary?.summary.lastLines ?? [] })}\n` : formatVerdict(verdict, read, primary?.summary));
      return EXIT_OK;
    }
    await assertReadableFile(target);
    const summary = await summarize(target);
    const verdict = triage({ logs: [{ file: target, summary }] });
    const out = { ...summary, category: verdict.category, headline: verdict.headline, evidence: verdict.evidence, likely: verdict.likely, nextStep: verdict.nextStep, signature: verdict.signature };
    io.stdout.write(flags.has('--json') ? `${JSON.stringify(out)}\n` : formatSummary(summary, verdict));
    return EXIT_OK;
  },
};

async function isFolder(p: string): Promise<boolean> {
  try {
    return (await fs.stat(p)).isDirectory();
  } catch {
    return false;
  }
}

async function assertReadableFile(file: string): Promise<void> {
  try {
    const st = await fs.stat(file);
    if (!st.isFile()) throw new UsageError(`not a file: ${file}`);
  } catch (err) {
    if (err instanceof UsageError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    throw new UsageError(code === 'ENOENT' ? `no such file: ${file}` : `cannot read ${file} (${code ?? 'error'})`);
  }
}
