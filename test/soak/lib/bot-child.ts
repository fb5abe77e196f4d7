import v8 from 'node:v8';
/**
 * One bot process for the soak and fault runs: the real composition root (startJobOps) against an emulator and an
 * Azurite that live elsewhere (the runner), so killing this process loses only what the bot itself held. Heap and RSS
 * sampled here are the bot's own. Settings come as one JSON env var (SOAK_CHILD); logs go to stdout (the runner keeps
 * them for the secret scan); crashes and unhandled rejections are reported over IPC and on stderr.
 */
import path from 'node:path';
import { startJobOps } from '../../../src/compose';
import { loadConfig } from '../../../src/config';
import { createLogger } from '../../../src/shared/logger';
import { LocalCredentialsFactory } from '../../helpers/auth/local-credentials';

export interface ChildSettings {
  port: number;
  armEndpoint: string;
  storage: string;
  eventGridSecret: string;
  logLevel: string;
  configFile?: string;
  pollSeconds?: number;
  /** Authenticated mode (inbound JWTs from a loopback OpenID server, local outbound token) when set. */
  auth?: { appId: string; password: string; openIdMetadataUrl: string };
  /** Start the background loops (watcher, sweeper, processor, sender, poller); default true. */
  loops?: boolean;
  /** More settings (the soak's short retentions), as environment variables for loadConfig. */
  env?: Record<string, string>;
}

export type ChildMessage =
  | { type: 'ready'; url: string; pid: number }
  | { type: 'mem'; heapUsed: number; heapTotal: number; rss: number; external: number; codeUsed?: number }
  | { type: 'fault'; kind: 'unhandledRejection' | 'uncaughtException'; message: string };

const ROOT = path.resolve(__dirname, '../../..');
const send = (m: ChildMessage): void => {
  process.send?.(m);
};

function describe(reason: unknown): string {
  return reason instanceof Error ? `${reason.name}: ${reason.message}\n${reason.stack ?? ''}` : String(reason);
}

// Listening here (rather than letting Node crash) lets the runner count every one and keep the run going.
process.on('unhandledRejection', (reason) => {
  process.stderr.write(`SOAK-CHILD unhandledRejection ${describe(reason)}\n`);
  send({ type: 'fault', kind: 'unhandledRejection', message: describe(reason).slice(0, 2000) });
});
process.on('uncaughtException', (err) => {
  process.stderr.write(`SOAK-CHILD uncaughtException ${describe(err)}\n`);
  send({ type: 'fault', kind: 'uncaughtException', message: describe(err).slice(0, 2000) });
});

async function main(): Promise<void> {
  const s = JSON.parse(process.env.SOAK_CHILD ?? '{}') as ChildSettings;
  const env: Record<string, string> = {
    PORT: String(s.port), HOST: '127.0.0.1', LOG_LEVEL: s.logLevel, AZUREML_EMULATOR: 'off', ARM_ENDPOINT: s.armEndpoint,
    STORAGE_CONNECTION_STRING: s.storage, JOBOPS_CONFIG: s.configFile ?? path.join(ROOT, 'env/jobops.local.json'),
    EVENTGRID_SECRET: s.eventGridSecret, POLL_INTERVAL_SECONDS: String(s.pollSeconds ?? 5), SUMMARY_REFRESH_SECONDS: '5', SUMMARY_WATCH_MINUTES: '2',
  };
  Object.assign(env, s.env);
  if (s.auth) Object.assign(env, { BOT_ID: s.auth.appId, BOT_PASSWORD: s.auth.password, BOT_OPENID_METADATA_URL: s.auth.openIdMetadataUrl });
  const config = loadConfig(env, ROOT);
  const bot = await startJobOps(config, {
    logger: createLogger(config.logLevel),
    credentialsFactory: s.auth ? new LocalCredentialsFactory(s.auth.appId, s.auth.password) : undefined,
    startWatcher: s.loops !== false,
  });
  process.on('message', (m: { type?: string }) => {
    if (m.type === 'mem') {
      // After a full GC the heap figure is live data only, so a slope over samples measures retention, not garbage.
      (globalThis as { gc?: () => void }).gc?.();
      const u = process.memoryUsage();
      // Compiled code is part of heapUsed: reported apart, so JIT warm-up can be told from retained data.
      const codeUsed = v8.getHeapSpaceStatistics().filter((s) => s.space_name.startsWith('code')).reduce((n, s) => n + s.space_used_size, 0);
      send({ type: 'mem', heapUsed: u.heapUsed, heapTotal: u.heapTotal, rss: u.rss, external: u.external, codeUsed });
    } else if (m.type === 'stop') {
      bot.stop().then(() => process.exit(0), () => process.exit(1));
    }
  });
  send({ type: 'ready', url: bot.url, pid: process.pid });
}

main().catch((err: unknown) => {
  process.stderr.write(`SOAK-CHILD failed to start: ${describe(err)}\n`);
  process.exit(1);
});
