/**
 * The Azure ML emulator in **its own process** for P1 (issue 13), so neither bot's CPU figures include it and both
 * bots pay the same loopback round trip to it. Prints `{"ready":{"url":…,"pid":…}}` on stdout; SIGTERM stops it.
 */
import { startEmulator } from '../src/emulator';

async function main(): Promise<void> {
  const emulator = await startEmulator({ clock: 'real', seed: 42 });
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    emulator.stop().then(() => process.exit(0), () => process.exit(1));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  process.stdout.write(`${JSON.stringify({ ready: { url: emulator.url, emulatorUrl: emulator.url, pid: process.pid } })}\n`);
}

main().catch((err: unknown) => {
  console.error('bench emulator failed to start:', err);
  process.exit(1);
});
