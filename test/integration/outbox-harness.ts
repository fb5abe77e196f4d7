import path from 'node:path';
import { card } from '../../src/cards/types';
import { createAdapter } from '../../src/bot/create-adapter';
import { loadConfig } from '../../src/config';
import { Messenger } from '../../src/conversations/messenger';
import { DeliveryLogger } from '../../src/notifications/delivery/attempt';
import { createDeliveryMessenger } from '../../src/notifications/delivery/teams-delivery';
import { StoreNoticeIndex } from '../../src/notifications/notice-index';
import { Sender, SenderOptions } from '../../src/notifications/sender';
import { OutboxItem } from '../../src/notifications/types';
import { createLogger } from '../../src/shared/logger';
import { RunningAzurite, startAzurite } from '../../src/storage/azurite';
import { Store } from '../../src/storage/store';
import { TableStore } from '../../src/storage/table-store';
import { ConnectorStandIn } from '../helpers/connector-stand-in';

export interface LogEntry {
  level: 'debug' | 'info' | 'warn' | 'error';
  obj: object;
  msg: string;
}

/** Fast retries for tests; the real defaults are exercised in the unit tests. */
export const FAST: SenderOptions = { backoff: { baseMs: 20, capMs: 200 }, marginMs: 5 };

/**
 * Real pieces for outbox tests: Azurite (in memory) behind TableStore, a CloudAdapter in anonymous mode with the
 * delivery Messenger, and the recording connector stand-in. Each card carries its dedupe key so the stand-in's
 * record can be counted per key.
 */
export class OutboxHarness {
  azurite!: RunningAzurite;
  store!: Store;
  connector!: ConnectorStandIn;
  messenger!: Messenger;
  notices!: StoreNoticeIndex;
  readonly logs: LogEntry[] = [];
  readonly stale: { subscriptionId: string; reason: string }[] = [];
  readonly logger: DeliveryLogger = {
    debug: (obj, msg) => this.logs.push({ level: 'debug', obj, msg }),
    info: (obj, msg) => this.logs.push({ level: 'info', obj, msg }),
    warn: (obj, msg) => this.logs.push({ level: 'warn', obj, msg }),
    error: (obj, msg) => this.logs.push({ level: 'error', obj, msg }),
  };
  private senders: Sender[] = [];

  async start(): Promise<this> {
    this.azurite = await startAzurite();
    this.store = new TableStore(this.azurite.connectionString, `t${Date.now().toString(36)}`);
    this.connector = await new ConnectorStandIn().start();
    const config = loadConfig(
      { PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', AZUREML_EMULATOR: 'off', BOT_ID: '', JOBOPS_CONFIG: path.resolve(__dirname, '../../env/jobops.local.json') },
      path.resolve(__dirname, '../..'),
    );
    this.messenger = createDeliveryMessenger(createAdapter(config, createLogger('silent')), config.bot.id);
    this.notices = new StoreNoticeIndex(this.store, () => new Date());
    return this;
  }

  sender(options: SenderOptions = FAST, store: Store = this.store): Sender {
    const s = new Sender({
      store, messenger: this.messenger, notices: this.notices, logger: this.logger, now: () => new Date(), options,
      health: { markStale: async (subscriptionId, reason) => void this.stale.push({ subscriptionId, reason }) },
    });
    this.senders.push(s);
    return s;
  }

  item(dedupeKey: string, conversationId: string, extra: Partial<OutboxItem> = {}, kind: 'send' | 'update' = 'send'): OutboxItem {
    const c = card([{ type: 'TextBlock', text: dedupeKey }]);
    return {
      dedupeKey, conversationKey: Buffer.from(conversationId).toString('base64url'),
      reference: { serviceUrl: this.connector.url, channelId: 'msteams', bot: { id: '28:jobops', name: 'JobOps' }, conversation: { id: conversationId, isGroup: true, conversationType: 'channel', name: '' } },
      op: { kind, card: c },
      ...extra,
    };
  }

  /** Accepted (2xx) calls per dedupe key, read from the card text. */
  deliveredPerKey(method: 'POST' | 'PUT' = 'POST'): Map<string, number> {
    const out = new Map<string, number>();
    for (const c of this.connector.calls) {
      if (c.method !== method || c.status !== 200) continue;
      const key = JSON.stringify(c.body ?? {}).match(/"text":"([^"]+)"/)?.[1] ?? '?';
      out.set(key, (out.get(key) ?? 0) + 1);
    }
    return out;
  }

  async stop(): Promise<void> {
    await Promise.all(this.senders.map((s) => s.stop()));
    await this.connector.stop();
    await this.azurite.stop();
  }
}

export async function until(pred: () => boolean | Promise<boolean>, timeoutMs = 15_000, step?: () => Promise<void>): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await pred())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    if (step) await step();
    await new Promise((r) => setTimeout(r, 20));
  }
}
