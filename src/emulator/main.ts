/** `npm run emulator [-- --port 5080] [--speed 10] [--seed 42]`: the emulator on its own, with the real clock. */
import { EMULATOR_DEFAULT_PORT, startEmulator } from './index';

function flag(name: string): string | undefined {
  const args = process.argv.slice(2);
  const i = args.indexOf(`--${name}`);
  if (i >= 0) return args[i + 1];
  return args.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
}

function numberFlag(name: string, fallback: number): number {
  const raw = flag(name);
  const value = raw === undefined ? fallback : Number(raw);
  if (!Number.isFinite(value)) throw new Error(`--${name} must be a number, got ${raw}`);
  return value;
}

async function main(): Promise<void> {
  const emulator = await startEmulator({
    port: numberFlag('port', EMULATOR_DEFAULT_PORT),
    seed: numberFlag('seed', 42),
    speed: numberFlag('speed', 1),
    clock: 'real',
    logger: (line) => console.log(line),
  });
  console.log(`Azure ML emulator: ${emulator.url}`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal} received, stopping the emulator`);
    emulator.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(err);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
