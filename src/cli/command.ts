import type { CliIo } from './cli-io';

/**
 * One CLI subcommand. Each lives in its own file and is listed in
 * commands.ts, so adding `audit` means one new file and one line there.
 */
export interface CliCommand {
  name: string;
  usage: string;
  description: string;
  /** Receives the arguments after the subcommand name; returns the exit code. */
  run(argv: readonly string[], io: CliIo): Promise<number>;
}
