import path from 'node:path';
import { z } from 'zod';
import { EXIT_OK, UsageError, type CliIo } from './cli-io';
import type { CliCommand } from './command';
import { exportAudit, parseSince } from './audit-export';
import { openAuditStorage } from './audit-storage';

const USAGE = 'jobops audit --since 7d|24h|<ISO date> [--format csv|json] [--workspace <alias>] [--job <name>]';
const OPTIONS = ['--since', '--format', '--workspace', '--job'] as const;
type Option = (typeof OPTIONS)[number];

/**
 * The same two settings the bot reads (src/config.ts), without the rest of the bot's config:
 * an export must work on a machine that only has the storage account.
 */
const envSchema = z.object({
  STORAGE_CONNECTION_STRING: z.string().optional(),
  AZURITE_LOCATION: z.string().default('.data/azurite'),
});

export interface AuditEnv {
  connectionString?: string;
  azuriteLocation: string;
}

export function readAuditEnv(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): AuditEnv {
  const e = envSchema.parse(env);
  return { connectionString: e.STORAGE_CONNECTION_STRING || undefined, azuriteLocation: path.resolve(cwd, e.AZURITE_LOCATION) };
}

/** `--name value` and `--name=value`; every option takes a value and may appear once. */
export function parseAuditArgs(argv: readonly string[]): Partial<Record<Option, string>> {
  const out: Partial<Record<Option, string>> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const eq = arg.indexOf('=');
    const name = (eq > 0 ? arg.slice(0, eq) : arg) as Option;
    if (!OPTIONS.includes(name)) throw new UsageError(arg.startsWith('-') ? `unknown option ${arg}` : `unexpected argument "${arg}" (usage: ${USAGE})`);
    const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined || value === '' || (eq < 0 && value.startsWith('--'))) throw new UsageError(`${name} needs a value`);
    if (out[name] !== undefined) throw new UsageError(`${name} given twice`);
    out[name] = value;
  }
  return out;
}

/** `audit`: export the audit log (R2.5) as CSV or JSON for reviews and incident write-ups. */
export const auditCommand: CliCommand = {
  name: 'audit',
  usage: USAGE,
  description: 'Export the audit log (who requested, approved, cancelled what) as CSV or JSON.',
  async run(argv: readonly string[], io: CliIo): Promise<number> {
    try {
      return await runAudit(argv, io, readAuditEnv());
    } catch (err) {
      // Every failure here is the caller's to fix (settings, storage, arguments): exit 2, one line.
      if (err instanceof UsageError) throw err;
      throw new UsageError(err instanceof Error ? (err.message.split('\n')[0] ?? err.name) : String(err));
    }
  },
};

/** The export itself, with the environment passed in so tests need not touch process.env. */
export async function runAudit(argv: readonly string[], io: CliIo, env: AuditEnv): Promise<number> {
  const args = parseAuditArgs(argv);
  if (!args['--since']) throw new UsageError(`--since is required (usage: ${USAGE})`);
  const since = parseSince(args['--since'], new Date());
  const format = args['--format'] ?? 'csv';
  if (format !== 'csv' && format !== 'json') throw new UsageError('--format must be csv or json');
  const storage = await openAuditStorage(env);
  try {
    const out = await exportAudit(storage.store, { since, workspace: args['--workspace'], job: args['--job'] }, format);
    io.stdout.write(out);
  } catch (err) {
    throw new UsageError(`cannot read the audit log (${storage.source}): ${(err as Error).message.split('\n')[0]}`);
  } finally {
    await storage.close();
  }
  return EXIT_OK;
}
