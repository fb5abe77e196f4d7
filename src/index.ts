import path from 'node:path';
import type { RunningJobOps } from './compose';
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
  let azurite: ReturnType<typeof startAzurite> | undefined;
  if (!config.storageConnectionString) {
    const location = config.azuriteLocation;
    // Loading the bot's modules blocks the event loop for ~1.5 s: let Azurite's process exist first.
    await new Promise<void>((spawned) => {
      azurite = startAzurite({ location, onSpawn: spawned });
      azurite.catch(() => spawned());
    });
  }
  const { startJobOps } = await import('./compose');
  // The Playground's mock data lives at the repo root (where `npm start` runs); its own log goes under .data/,
  // with the approver's generated config and log (a second Playground: it has no user switcher).
  const playground = {
    configFile: path.resolve('.m365agentsplayground.yml'), logFile: path.resolve('.data/playground.log'),
    approver: { configFile: path.resolve('.data/playground-approver.yml'), logFile: path.resolve('.data/playground-approver.log') },
  };
  const running = await startJobOps(config, { logger, azurite: await azurite, playground });
  logger.info(
    { port: running.port, mode: config.anonymous ? 'anonymous-local' : 'authenticated', emulator: Boolean(running.emulator), workspaces: Object.keys(config.workspaces), tenantRestricted: Boolean(config.tenantId) },
    'JobOps is ready',
  );
  console.log(banner(running.url, running.emulator?.url, running.playground));
  const shutdown = (signal: string): void => {
    logger.info({ signal }, 'shutting down');
    running.stop().then(() => process.exit(0), () => process.exit(1));
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
}

function banner(url: string, emulatorUrl?: string, playground?: RunningJobOps['playground']): string {
  const activity = JSON.stringify({
    type: 'message', id: 'msg-1', channelId: 'msteams', serviceUrl: 'http://127.0.0.1:9/unused', deliveryMode: 'expectReplies',
    from: { id: '29:user-1', name: 'Alice', aadObjectId: '00000000-0000-0000-0000-0000000000a1' },
    recipient: { id: '28:jobops', name: 'JobOps' },
    conversation: { id: 'a:local-chat', conversationType: 'personal', tenantId: 'local' },
    channelData: { tenant: { id: 'local' } }, text: 'list', locale: 'en-US',
  });
  const first = (name?: string): string | undefined => name?.split(' ')[0];
  const a = playground?.approver;
  const open = !playground
    ? []
    : a
      ? [
        '',
        `  Open as ${first(playground.user) ?? 'the requester'} (requester): ${playground.url} · as ${first(a.user)} (approver of ${a.workspace}): ${a.url}`,
        '  The Agents Playground (a Teams-like client), one window per person. Type `help`, then `list in prod`;',
        `  ask \`cancel <job> in ${a.workspace}\` in ${first(playground.user) ?? 'the requester'}'s personal chat and approve it in ${first(a.user)}'s. PLAYGROUND=off turns both off.`,
        '',
      ]
      : ['', `  Open ${playground.url} to use JobOps in the Agents Playground (a Teams-like client).`, '  Type `help`, then `list in prod`. PLAYGROUND=off turns it off.', ''];
  return [
    '',
    ...open,
    `JobOps is listening on ${url} (health: ${url}/healthz)`,
    emulatorUrl ? `Embedded Azure ML emulator: ${emulatorUrl}` : undefined,
    'Talk to it (replies come back in the HTTP response):',
    `  curl -s ${url}/api/messages -H 'content-type: application/json' -d '${activity}'`,
    'Replace "list" with: help · show <job> · summary <job> · cancel <job> · list in prod status=Failed',
    '',
  ].filter((l): l is string => l !== undefined).join('\n');
}

main().catch((err: unknown) => {
  console.error('JobOps failed to start:', err instanceof Error ? err.message : err);
  process.exit(1);
});
