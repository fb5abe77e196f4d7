import fs from 'node:fs';
import net from 'node:net';
import { isPidAlive, readEndpoint } from '../storage/azurite-endpoint';
import { startAzurite } from '../storage/azurite';
import { Store } from '../storage/store';
import { TableStore } from '../storage/table-store';
import { UsageError } from './cli-io';

export interface AuditStorageOptions {
  /** STORAGE_CONNECTION_STRING; wins over everything local. */
  connectionString?: string;
  /** The bot's AZURITE_LOCATION, absolute. */
  azuriteLocation: string;
}

export interface AuditStorage {
  store: Store;
  /** Where the records came from, for a one-line note on stderr. */
  source: string;
  close(): Promise<void>;
}

/**
 * Finds the audit records the bot wrote: the configured account; else the local bot's Azurite
 * (it publishes endpoint.json while it runs); else a private Azurite on the same data folder,
 * started only for this export. Never a second Azurite on a folder one is already serving.
 */
export async function openAuditStorage(o: AuditStorageOptions): Promise<AuditStorage> {
  if (o.connectionString) return ready(new TableStore(o.connectionString), 'STORAGE_CONNECTION_STRING', async () => undefined);

  const ep = readEndpoint(o.azuriteLocation);
  if (ep && isPidAlive(ep.pid) && (await answers(ep.connectionString))) {
    return ready(new TableStore(ep.connectionString), `the running Azurite (pid ${ep.pid})`, async () => undefined);
  }
  if (!fs.existsSync(o.azuriteLocation)) {
    throw new UsageError(`no local bot data in ${o.azuriteLocation}; set STORAGE_CONNECTION_STRING or AZURITE_LOCATION`);
  }
  const az = await startAzurite({ location: o.azuriteLocation });
  return ready(new TableStore(az.connectionString), `a temporary Azurite on ${o.azuriteLocation}`, () => az.stop(), az.stop);
}

async function ready(store: TableStore, source: string, close: () => Promise<void>, onFail?: () => Promise<void>): Promise<AuditStorage> {
  try {
    await store.ping();
  } catch (err) {
    await onFail?.();
    throw new UsageError(`cannot reach the audit storage (${source}): ${(err as Error).message.split('\n')[0]}`);
  }
  return { store, source, close };
}

/**
 * A live pid is not proof: after a crash the pid may belong to something else by now. A TCP
 * connect to the published port settles it in at most a second, without the SDK's retries.
 */
function answers(connectionString: string): Promise<boolean> {
  const m = /TableEndpoint=https?:\/\/([^:/;]+):(\d+)/i.exec(connectionString);
  if (!m) return Promise.resolve(false);
  const [host, port] = [m[1]!, Number(m[2])];
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1_000, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}
