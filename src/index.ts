import { ConfigError, loadConfig } from './config';
import { startAzurite } from './storage/azurite';
import { withEnvFile } from './shared/env-files';
import { createLogger } from './shared/logger';

/** Process entry only: config, composition root, banner, signals. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(withEnvFile(process.env, process.cwd()));
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`JobOps cannot start: ${err.message}`);
      process.exit(2);
    }
    throw err;
  }
  const logger = createLogger(config.logLevel);
  // Azurite starts while the bot's (heavy) modules load: cold start is the longer of the two, not the sum.
  const azurite = config.storageConnectionString ? undefined : startAzurite({ location: config.azuriteLocation });
  azurite?.catch(() => undefined);
  const { startJobOps } = await import('./compose');
  const running = await startJobOps(config, { logger, azurite: await azurite });
  logger.info(
    { port: running.port, mode: config.anonymous ? 'anonymous-local' : 'authenticated', emulator: Boolean(running.emulator), workspaces: Object.keys(config.workspaces), tenantRestricted: Boolean(config.tenantId) },
    'JobOps is ready',
  );
  console.log(banner(running.url, running.emulator?.url));
  const shutdown = (signal: string): void => {
    logger.info({ signal }, 'shutting down');
    running.stop().then(() => process.exit(0), () => process.exit(1));
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
}

function banner(url: string, emulatorUrl?: string): string {
  const activity = JSON.stringify({
    type: 'message', id: 'msg-1', channelId: 'msteams', serviceUrl: 'http://127.0.0.1:9/unused', deliveryMode: 'expectReplies',
    from: { id: '29:user-1', name: 'Alice', aadObjectId: '00000000-0000-0000-0000-0000000000a1' },
    recipient: { id: '28:jobops', name: 'JobOps' },
    conversation: { id: 'a:local-chat', conversationType: 'personal', tenantId: 'local' },
    channelData: { tenant: { id: 'local' } }, text: 'list', locale: 'en-US',
  });
  return [
    '',
    `JobOps is listening on ${url} (health: ${url}/healthz)`,
    emulatorUrl ? `Embedded Azure ML emulator: ${emulatorUrl}` : '',
    'Talk to it (replies come back in the HTTP response):',
    `  curl -s ${url}/api/messages -H 'content-type: application/json' -d '${activity}'`,
    'Replace "list" with: help · show <job> · summary <job> · cancel <job> · list in prod status=Failed',
    '',
  ].filter((l) => l !== '').join('\n');
}

main().catch((err: unknown) => {
  console.error('JobOps failed to start:', err instanceof Error ? err.message : err);
  process.exit(1);
});
