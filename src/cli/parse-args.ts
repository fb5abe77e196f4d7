import { UsageError } from './cli-io';

export interface ParsedArgs {
  positionals: string[];
  flags: Set<string>;
}

/**
 * Minimal flag parser: every subcommand declares the boolean flags it knows,
 * anything else starting with "-" is a usage error rather than a file name.
 */
export function parseArgs(argv: readonly string[], known: readonly string[]): ParsedArgs {
  const positionals: string[] = [];
  const flags = new Set<string>();
  let onlyPositionals = false;
  for (const arg of argv) {
    if (onlyPositionals || !arg.startsWith('-') || arg === '-') positionals.push(arg);
    else if (arg === '--') onlyPositionals = true;
    else if (known.includes(arg)) flags.add(arg);
    else throw new UsageError(`unknown option ${arg}`);
  }
  return { positionals, flags };
}
