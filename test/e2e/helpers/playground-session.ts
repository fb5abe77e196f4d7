import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../../../src/config';
import { RunningJobOps, startJobOps } from '../../../src/compose';
import { RunningEmulator, startEmulator } from '../../../src/emulator';
import { RunningPlayground, startPlayground } from '../../../src/playground/start-playground';
import { createLogger } from '../../../src/shared/logger';
import { RunningAzurite, startAzurite } from '../../../src/storage/azurite';
import { ROOT } from '../../helpers/test-bot';
import { PlaygroundClient } from './playground-client';

/** The mock data of the committed .m365agentsplayground.yml that the tests rely on (checked against the Playground). */
export const MOCK = {
  bot: { id: '28:jobops', name: 'JobOps' },
  users: {
    alice: { id: '29:alice', name: 'Alice Operator', aadObjectId: '00000000-0000-0000-0000-0000000000a1' },
    marco: { id: '29:marco', name: 'Marco Manager', aadObjectId: '00000000-0000-0000-0000-0000000000b2' },
    eve: { id: '29:eve', name: 'Eve Outsider', aadObjectId: '00000000-0000-0000-0000-0000000000e5' },
  },
  personalChat: 'a:jobops-personal-alice',
  groupChat: '19:jobops-group@thread.v2',
  general: '19:mlops-general@thread.tacv2',
  approvals: '19:mlops-approvals@thread.tacv2',
};

export const EVENTGRID_SECRET = 'playground-e2e-secret-0123456789';

export interface PlaygroundSession {
  bot: RunningJobOps;
  emulator: RunningEmulator;
  playground: RunningPlayground;
  client: PlaygroundClient;
  stop(): Promise<void>;
}

/**
 * The bot (manual-clock emulator, in-memory Azurite, its own Playground switched off) and a real Agents Playground
 * process on a free port pointed at it, all on loopback except the Playground itself, which binds every
 * interface (it has no host option; a dev tool, and it lives only as long as the test).
 */
export async function startPlaygroundSession(): Promise<PlaygroundSession> {
  const stops: (() => Promise<void>)[] = [];
  const stop = async (): Promise<void> => {
    for (const s of stops.reverse()) await s().catch(() => undefined);
  };
  try {
    const emulator = await startEmulator({ clock: 'manual', seed: 42 });
    stops.push(() => emulator.stop());
    const azurite: RunningAzurite = await startAzurite();
    stops.push(() => azurite.stop());
    const config = loadConfig(
      {
        PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', AZUREML_EMULATOR: 'off', ARM_ENDPOINT: emulator.url, PLAYGROUND: 'off',
        STORAGE_CONNECTION_STRING: azurite.connectionString, JOBOPS_CONFIG: path.join(ROOT, 'env/jobops.local.json'), EVENTGRID_SECRET,
      },
      ROOT,
    );
    const bot = await startJobOps(config, { logger: createLogger('silent'), emulator, startWatcher: false });
    stops.push(() => bot.stop());
    emulator.configureEventGrid({ url: `${bot.url}/api/events?key=${EVENTGRID_SECRET}` });

    const logDir = path.join(ROOT, 'test/artifacts');
    fs.mkdirSync(logDir, { recursive: true });
    let playground: RunningPlayground;
    try {
      playground = await startPlayground({
        endpoint: `${bot.url}/api/messages`,
        port: 0,
        configFile: path.join(ROOT, '.m365agentsplayground.yml'),
        logFile: path.join(logDir, `playground-e2e-${process.pid}.log`),
        logger: createLogger('silent'),
      });
    } catch (err) {
      throw new Error(
        `The Agents Playground could not start, so the end-to-end tests cannot run. It is the devDependency ` +
          `@microsoft/m365agentsplayground (run \`npm ci\`). Cause: ${(err as Error).message}`,
      );
    }
    stops.push(() => playground.stop());
    // Talk to it on loopback even though it listens everywhere.
    const client = new PlaygroundClient(`http://127.0.0.1:${playground.port}`);
    await client.connect();
    stops.push(async () => client.close());
    return { bot, emulator, playground, client, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** An @mention of the bot, as the Playground's compose box sends it in a channel. */
export function mentionBot(text: string): { text: string; mentions: { mentioned: { id: string }; text: string }[] } {
  const at = `<at>${MOCK.bot.name}</at>`;
  return { text: `${at} ${text}`, mentions: [{ mentioned: { id: MOCK.bot.id }, text: at }] };
}
