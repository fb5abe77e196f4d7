import './bot/lazy-teams-ai-install';
import { randomBytes } from 'node:crypto';
import { DefaultAzureCredential } from '@azure/identity';
import { ConversationReference } from 'botbuilder';
import { ServiceClientCredentialsFactory } from 'botframework-connector';
import { Logger } from 'pino';
import { HandleStore } from './actions/handle-store';
import { NO_TELEMETRY, Telemetry, startTelemetry } from './shared/telemetry';
import { ReadHandleSigner } from './actions/read-handles';
import { ApprovalStore } from './approvals/approval-store';
import { ApprovalService } from './approvals/approval-service';
import { ApprovalSweeper } from './approvals/approval-sweeper';
import { ConversationStore } from './conversations/conversation-store';
import { MuteStore } from './notifications/mute-store';
import { SubscriptionStore } from './notifications/subscription-store';
import { createDeliveryMessenger } from './notifications/delivery/teams-delivery';
import { StoreNoticeIndex } from './notifications/notice-index';
import { Notifier } from './notifications/notifier';
import { Outbox } from './notifications/outbox';
import { Poller } from './notifications/poller';
import { Sender } from './notifications/sender';
import { Messenger, createMessenger } from './conversations/messenger';
import { createDurableMessenger } from './notifications/delivery/durable-messenger';
import { createApp } from './app';
import { AzureMlClient } from './azureml/azureml-client';
import { noCredential } from './azureml/loopback-policy';
import { createAdapter } from './bot/create-adapter';
import { SummaryWatcher } from './commands/summary-watcher';
import { ComputeContext } from './jobs/compute-context';
import { Config, isLoopbackUrl } from './config';
import { Deps } from './deps';
import { EventInbox } from './notifications/intake/event-inbox';
import { EventProcessor } from './notifications/intake/event-processor';
import { IntakeCounters, newIntakeCounters } from './notifications/intake/event-route';
import { TopicMap } from './notifications/intake/workspace-topics';
import { JobObserver } from './notifications/types';
import type { PlaygroundFiles, RunningPlaygrounds } from './playground/playgrounds';
import { createServer } from './server';
import { AuditLog } from './shared/audit-log';
import { createLogger } from './shared/logger';
import { createRetentionSweeper } from './retention/retention-tasks';
import { RetentionSweeper } from './retention/retention-sweeper';
import { RunningAzurite, startAzurite } from './storage/azurite';
import { ExpiryIndex } from './storage/expiry-index';
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
  /** Deletes what outlived its retention (docs/storage.md), on the instance holding the 'retention' lease. */
  retention: RetentionSweeper;
  /** Notices: the notifier (observer), the durable outbox, its sender and the poller (tests drive them). */
  notifications: { notifier: Notifier; outbox: Outbox; sender: Sender; poller: Poller };
  /** Event Grid intake: the durable inbox, its processor (drainOnce for tests) and what was ignored. */
  events: { inbox: EventInbox; processor: EventProcessor; counters: IntakeCounters };
  /**
   * The Agents Playground started for a person to open (npm start in local mode only), acting as the mock tenant's
   * user, and a second one acting as a production approver (the Playground has no user switcher).
   */
  playground?: { url: string; pid: number; user?: string; approver?: { url: string; pid: number; user: string; workspace: string } };
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
  /** Tests record telemetry instead of exporting it. */
  telemetry?: Telemetry;
  /**
   * The outbox sender (default on, also when `startWatcher` is off): approval outcomes and cancel follow-ups are
   * delivered by it. Tests that drain the outbox by hand turn it off.
   */
  startSender?: boolean;
  /** Receives job observations from Event Grid processing (tests record them). */
  jobObserver?: JobObserver;
  /**
   * Start the Agents Playground when config.playground says so. Only the process entry asks: tests and
   * benchmarks bring their own client (or a Playground on a port of their choosing).
   */
  playground?: PlaygroundFiles;
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
    let pushTo: ((url: string | undefined) => void) | undefined;
    if (!emulator && config.emulator.enabled) {
      const { startEmulator } = await import('./emulator');
      const started = await startEmulator({ port: config.emulator.port, clock: 'real' });
      stops.push(() => started.stop());
      emulator = started;
      pushTo = (url) => started.configureEventGrid(url ? { url } : undefined);
    }
    // The embedded emulator pushes to our own /api/events; without a configured secret it gets a random one
    // that exists only in this process (never logged).
    const pushSecret = pushTo ? config.eventGrid.secret ?? randomBytes(24).toString('base64url') : undefined;
    const secrets = [config.eventGrid.secret, config.eventGrid.previousSecret, pushSecret].filter((s): s is string => Boolean(s));
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
    // Before the clients: the distro's Azure SDK and HTTP instrumentations must see them. Unset, nothing is loaded.
    const telemetry = o.telemetry ?? (await startTelemetry(config.appInsightsConnectionString, logger));
    stops.push(() => telemetry.shutdown());
    const azureml = new AzureMlClient({
      endpoint: armEndpoint, credential: local ? noCredential : new DefaultAzureCredential(), local,
      onCall: telemetry === NO_TELEMETRY ? undefined : (operation, status) => telemetry.azureCall(operation, status),
    });
    const adapter = createAdapter(config, logger, { credentialsFactory: o.credentialsFactory });
    const messenger: Messenger = createMessenger(adapter, config.bot.id);
    // Approvals and cancel follow-ups send outside a turn through the outbox (R5.1); the sender is created below.
    const outbox = new Outbox(store, now, () => sender.kick());
    const expiry = new ExpiryIndex(store);
    const r = config.retention;
    const delivery = { index: expiry, keepMs: r.deliveryMs };
    if (config.handleKeys.random) {
      logger.warn('HANDLE_SIGNING_KEY is not set: read-only card buttons are sealed with a random key made for this process (local mode); buttons on cards from before a restart will say "out of date"');
    }
    const deps: Deps = {
      config, azureml, logger, now, messenger: createDurableMessenger(outbox, messenger),
      handles: new HandleStore(store, now, { ttlMaxMs: r.handleTtlMaxMs, keepExpiredMs: r.expiredHandlesMs }, new ReadHandleSigner(config.handleKeys)),
      audit: new AuditLog(store, now, r.auditMs),
      approvals: new ApprovalStore(store, Object.keys(config.workspaces), { index: expiry, keepMs: r.decidedApprovalsMs, now }),
      conversations: new ConversationStore(store, now),
      subscriptions: new SubscriptionStore(store, Object.keys(config.workspaces)),
      mutes: new MuteStore(store, now),
      computeContext: new ComputeContext(azureml, now),
      telemetry: telemetry === NO_TELEMETRY ? undefined : telemetry,
    };
    telemetry.approvalsPending(async () => (await deps.approvals.listOpen()).length);
    const watcher = new SummaryWatcher(deps, store, (reference, activityId, card) => messenger.updateCard(reference as Partial<ConversationReference>, activityId, card));
    const approvals = new ApprovalService(deps);
    const app = createApp(adapter, deps, watcher, approvals);
    const notices = new StoreNoticeIndex(store, now, r.deliveryMs);
    const sender = new Sender({ store, messenger: createDeliveryMessenger(adapter, config.bot.id), notices, health: deps.subscriptions, logger, now, retention: delivery, telemetry: deps.telemetry });
    const notifier = new Notifier(deps, store, outbox);
    const poller = new Poller(deps, store, notifier, config.pollIntervalSeconds * 1000);
    const inbox = new EventInbox(store, now, delivery);
    const observer: JobObserver = o.jobObserver ?? notifier;
    const processor = new EventProcessor({ inbox, azureml, workspaces: config.workspaces, observer, logger, now });
    const counters = newIntakeCounters();
    const events = { secrets: () => secrets, topics: new TopicMap(config.workspaces), inbox, logger, counters, onStored: () => processor.kick() };
    const server = createServer({ adapter, app, logger, isReady: () => ready, events });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.port, config.host, () => resolve());
    });
    stops.push(() => new Promise<void>((r) => server.close(() => r())));
    const sweeper = new ApprovalSweeper(deps, approvals);
    const retention = createRetentionSweeper(store, expiry, { ...deps, notifier, notices, outbox: sender.outbox, inbox }, r, now, logger);
    if (o.startWatcher !== false) {
      watcher.start();
      sweeper.start();
      retention.start();
      stops.push(async () => {
        watcher.stop();
        sweeper.stop();
        await retention.stop();
      });
    }
    if (o.startSender ?? true) {
      sender.start();
      stops.push(() => sender.stop());
    }
    if (o.startWatcher !== false) {
      processor.start();
      poller.start();
      stops.push(async () => {
        await poller.stop();
        await processor.stop();
      });
    }
    const port = (server.address() as { port: number }).port;
    const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
    if (pushTo && pushSecret) {
      pushTo(`${url}/api/events?key=${encodeURIComponent(pushSecret)}`);
      stops.push(async () => pushTo?.(undefined));
    }
    // Ready before the Playground: /healthz must not wait for a dev tool (or its failure).
    ready = true;
    const playground = o.playground && config.playground.enabled && config.anonymous
      ? await startPlaygroundsSafely(config, logger, `${url}/api/messages`, o.playground, deps)
      : undefined;
    if (playground) stops.push(() => playground.stop());
    return {
      url,
      port,
      deps,
      emulator,
      watcher,
      approvals,
      sweeper,
      retention,
      events: { inbox, processor, counters },
      notifications: { notifier, outbox, sender, poller },
      playground: playground && { ...playground.requester, approver: playground.approver },
      stop: () => stopAll(stops),
    };
  } catch (err) {
    await stopAll(stops);
    throw err;
  }
}

/** A Playground that cannot start is a warning, not a reason to keep the bot down. */
async function startPlaygroundsSafely(config: Config, logger: Logger, endpoint: string, files: PlaygroundFiles, deps: Deps): Promise<RunningPlaygrounds | undefined> {
  try {
    const { startPlaygrounds } = await import('./playground/playgrounds');
    return await startPlaygrounds({
      endpoint, port: config.playground.port, approver: config.playground.approver, workspaces: config.workspaces, files, logger,
      personalServiceUrl: async (aad) => (await deps.conversations.user(aad))?.personal?.serviceUrl as string | undefined,
    });
  } catch (err) {
    logger.warn({ err: (err as Error).message }, 'the Agents Playground did not start; the bot runs without it (PLAYGROUND=off silences this)');
    return undefined;
  }
}

async function stopAll(stops: (() => Promise<void>)[]): Promise<void> {
  for (const s of stops.reverse()) await s().catch(() => undefined);
}
