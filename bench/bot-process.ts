/**
 * The bot under test in its own process, so the load generator never shares its event loop: the composition root
 * (startJobOps) with an embedded real-clock emulator and the Azurite child that local mode starts. Prints one JSON
 * line `{"ready":…}` on stdout when it accepts requests; SIGTERM stops everything it started.
 *
 * The emulator is started here (not by startJobOps) only so its options are ours; it still lives in the bot's
 * process, exactly as in local mode (`AZUREML_EMULATOR=on`).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startJobOps } from '../src/compose';
import { loadConfig } from '../src/config';
import { startEmulator } from '../src/emulator';
import { createLogger } from '../src/shared/logger';

const ROOT = path.resolve(__dirname, '..');

async function main(): Promise<void> {
  const azuriteDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jobops-bench-azurite-'));
  // P1 (issue 13) runs the emulator in its own process and passes its URL; other benchmarks embed it here.
  const external = process.env.BENCH_ARM_ENDPOINT;
  const emulator = external ? undefined : await startEmulator({ clock: 'real', seed: 42 });
  const armEndpoint = external ?? emulator!.url;
  const config = loadConfig(
    {
      PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: process.env.BENCH_BOT_LOG_LEVEL ?? 'warn', AZUREML_EMULATOR: 'off',
      ARM_ENDPOINT: armEndpoint, AZURITE_LOCATION: azuriteDir, JOBOPS_CONFIG: path.join(ROOT, 'env/jobops.local.json'),
      // P1_TELEMETRY=on: telemetry on, exporting to the load generator's sink (its cost is in this process).
      ...(process.env.BENCH_APPINSIGHTS ? { APPLICATIONINSIGHTS_CONNECTION_STRING: process.env.BENCH_APPINSIGHTS } : {}),
    },
    ROOT,
  );
  const bot = await startJobOps(config, { logger: createLogger(config.logLevel), ...(emulator ? { emulator } : {}) });
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    const done = (code: number) => () => {
      fs.rmSync(azuriteDir, { recursive: true, force: true });
      process.exit(code);
    };
    bot.stop().then(() => emulator?.stop()).then(done(0), done(1));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  process.stdout.write(`${JSON.stringify({ ready: { url: bot.url, emulatorUrl: armEndpoint, pid: process.pid } })}\n`);
}

main().catch((err: unknown) => {
  console.error('bench bot failed to start:', err);
  process.exit(1);
});
