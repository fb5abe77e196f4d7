import { DefaultAzureCredential } from '@azure/identity';
import { ConversationReference } from 'botbuilder';
import { ServiceClientCredentialsFactory } from 'botframework-connector';
import { Logger } from 'pino';
import { HandleStore } from './actions/handle-store';
import { ApprovalStore } from './approvals/approval-store';
import { ApprovalService } from './approvals/approval-service';
import { ApprovalSweeper } from './approvals/approval-sweeper';
import { ConversationStore } from './conversations/conversation-store';
import { MuteStore } from './notifications/mute-store';
import { SubscriptionStore } from './notifications/subscription-store';
import { Messenger, createMessenger } from './conversations/messenger';
import { createApp } from './app';
import { AzureMlClient } from './azureml/azureml-client';
import { noCredential } from './azureml/loopback-policy';
import { createAdapter } from './bot/create-adapter';
import { SummaryWatcher } from './commands/summary-watcher';
import { Config, isLoopbackUrl } from './config';
import { Deps } from './deps';
import { createServer } from './server';
import { AuditLog } from './shared/audit-log';
import { createLogger } from './shared/logger';
import { RunningAzurite, startAzurite } from './storage/azurite';
import { Store } from './storage/store';
import { TableStore } from './storage/table-store';

/** What the emulator exposes to the composition root; typed structurally so src/ never imports it statically. */
interface EmbeddedEmulator {
  url: string;
  clock: { now(): number };
  stop(): Promise<void>;
}

export interface RunningJobOps {
  url: string;
  port: number;
  deps: Deps;
  emulator?: EmbeddedEmulator;
  watcher: SummaryWatcher;
  approvals: ApprovalService;
  sweeper: ApprovalSweeper;
  stop(): Promise<void>;
}

export interface StartOverrides {
  logger?: Logger;
  /** Tests pass a manual-clock emulator they control. */
  emulator?: EmbeddedEmulator;
  store?: Store;
  now?: () => Date;
  credentialsFactory?: ServiceClientCredentialsFactory;
  /** An Azurite already started by the caller (src/index.ts starts it early); stopped with the bot. */
  azurite?: RunningAzurite;
  startWatcher?: boolean;
}

/**
 * The composition root: builds every dependency once, in order, and starts the HTTP server.
 * Used by src/index.ts, the integration tests and the benchmarks alike.
 */
export async function startJobOps(config: Config, o: StartOverrides = {}): Promise<RunningJobOps> {
  const logger = o.logger ?? createLogger(config.logLevel);
  const stops: (() => Promise<void>)[] = [];
  let ready = false;
  try {
    let emulator = o.emulator;
    if (!emulator && config.emulator.enabled) {
      const { startEmulator } = await import('./emulator');
      const started = await startEmulator({ port: config.emulator.port, clock: 'real' });
      stops.push(() => started.stop());
      emulator = started;
    }
    const armEndpoint = emulator?.url ?? config.armEndpoint;
    const local = isLoopbackUrl(armEndpoint) && armEndpoint.startsWith('http://');

    let store = o.store;
    if (!store) {
      let cs = config.storageConnectionString;
      if (!cs) {
        const az = o.azurite ?? (await startAzurite({ location: config.azuriteLocation }));
        stops.push(() => az.stop());
        cs = az.connectionString;
      }
      const ts = new TableStore(cs);
      await ts.ping();
      store = ts;
    }

    const now = o.now ?? (emulator ? () => new Date(emulator.clock.now()) : () => new Date());
    const azureml = new AzureMlClient({ endpoint: armEndpoint, credential: local ? noCredential : new DefaultAzureCredential(), local });
    const adapter = createAdapter(config, logger, { credentialsFactory: o.credentialsFactory });
    const messenger: Messenger = createMessenger(adapter, config.bot.id);
    const deps: Deps = {
      config, azureml, logger, now, messenger,
      handles: new HandleStore(store, now),
      audit: new AuditLog(store, now),
      approvals: new ApprovalStore(store),
      conversations: new ConversationStore(store, now),
      subscriptions: new SubscriptionStore(store),
      mutes: new MuteStore(store, now),
    };
    const watcher = new SummaryWatcher(deps, store, (reference, activityId, card) => messenger.updateCard(reference as Partial<ConversationReference>, activityId, card));
    const approvals = new ApprovalService(deps);
    const app = createApp(adapter, deps, watcher, approvals);
    const server = createServer({ adapter, app, logger, isReady: () => ready });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.port, config.host, () => resolve());
    });
    stops.push(() => new Promise<void>((r) => server.close(() => r())));
    const sweeper = new ApprovalSweeper(deps, approvals);
    if (o.startWatcher !== false) {
      watcher.start();
      sweeper.start();
      stops.push(async () => {
        watcher.stop();
        sweeper.stop();
      });
    }
    const port = (server.address() as { port: number }).port;
    ready = true;
    return {
      url: `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`,
      port,
      deps,
      emulator,
      watcher,
      approvals,
      sweeper,
      stop: () => stopAll(stops),
    };
  } catch (err) {
    await stopAll(stops);
    throw err;
  }
}

async function stopAll(stops: (() => Promise<void>)[]): Promise<void> {
  for (const s of stops.reverse()) await s().catch(() => undefined);
}
