import { auditCommand } from './audit-command';
import type { CliCommand } from './command';
import { summarizeCommand } from './summarize-command';

/** Every subcommand, in the order `--help` lists them. */
export const COMMANDS: readonly CliCommand[] = [summarizeCommand, auditCommand];
