import { createReadStream, promises as fs } from 'fs';
import { scanStream, summarizeSource, type LogSummary } from '../logs';
import { EXIT_OK, UsageError, type CliIo } from './cli-io';
import type { CliCommand } from './command';
import { fileRangeSource } from './file-range-source';
import { formatSummary } from './format-summary';
import { parseArgs } from './parse-args';

const USAGE = 'jobops summarize <file> [--json] [--full]';

/** `summarize`: tail-first summary of a log file (or a full scan with --full). */
export const summarizeCommand: CliCommand = {
  name: 'summarize',
  usage: USAGE,
  description: 'Classify why a job failed from its log (reads the tail; --full scans everything).',
  async run(argv: readonly string[], io: CliIo): Promise<number> {
    const { positionals, flags } = parseArgs(argv, ['--json', '--full']);
    if (positionals.length !== 1) throw new UsageError(`usage: ${USAGE}`);
    const file = positionals[0] ?? '';
    await assertReadableFile(file);
    const summary: LogSummary = flags.has('--full')
      ? await scanStream(createReadStream(file, { highWaterMark: 1024 * 1024 }))
      : await summarizeSource(fileRangeSource(file));
    io.stdout.write(flags.has('--json') ? `${JSON.stringify(summary)}\n` : formatSummary(summary));
    return EXIT_OK;
  },
};

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
