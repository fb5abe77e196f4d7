import { Logger } from 'pino';
import { DueExpiry, ExpiryIndex } from '../storage/expiry-index';
import { SHARD_NAMES } from '../storage/layouts';
import { SweepTask, acrossShards, inParallel } from '../storage/sweep';

/** Looks at one row an index entry points to and deletes it if it is really done (its owner knows what that means). */
export type ExpiryHandler = (key: string, now: Date) => Promise<void>;

/**
 * The expiry index as a sweep task: each due entry is handed to its collection's handler, then the entry goes.
 * An entry naming a collection nobody handles is logged and dropped (a renamed collection, an older release).
 */
export function expiryTask(index: ExpiryIndex, handlers: Record<string, ExpiryHandler>, logger: Pick<Logger, 'warn'>): SweepTask {
  const handle = async (e: DueExpiry, now: Date): Promise<void> => {
    const h = handlers[e.collection];
    if (h) await h(e.key, now);
    else logger.warn({ collection: e.collection }, 'expiry index entry for a collection nobody sweeps; dropped');
    await index.remove(e.indexKey);
  };
  return {
    name: 'expiry index',
    sweep: (now, limit) => acrossShards(SHARD_NAMES, limit, async (shard, left) => {
      const due = await index.due(shard, now, left);
      await inParallel(due, (e) => handle(e, now));
      return due.length;
    }),
  };
}
