import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, UsageError, type CliIo } from './cli-io';
import { COMMANDS } from './commands';

export type { CliIo } from './cli-io';

function helpText(): string {
  const lines = ['Usage: jobops <command> [options]', '', 'Commands:'];
  for (const c of COMMANDS) lines.push(`  ${c.usage}`, `      ${c.description}`);
  lines.push('', 'Options:', '  --help    show this help');
  return `${lines.join('\n')}\n`;
}

/**
 * CLI entry point, free of process globals so tests can call it directly.
 * Returns the exit code: 0 ok, 1 unexpected failure, 2 usage or input error.
 */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(helpText());
    return EXIT_OK;
  }
  if (name === undefined) {
    io.stderr.write('jobops: missing command (try --help)\n');
    return EXIT_USAGE;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.stderr.write(`jobops: unknown command '${name}' (try --help)\n`);
    return EXIT_USAGE;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout.write(`Usage: ${command.usage}\n  ${command.description}\n`);
    return EXIT_OK;
  }
  try {
    return await command.run(rest, io);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    io.stderr.write(`jobops ${name}: ${message.split('\n')[0]}\n`);
    return err instanceof UsageError ? EXIT_USAGE : EXIT_FAILURE;
  }
}
