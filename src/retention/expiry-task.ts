import { Logger } from 'pino';
import { RetryableError } from '../shared/errors';
import { DueExpiry, ExpiryIndex } from '../storage/expiry-index';
import { SHARD_NAMES } from '../storage/layouts';
import { SweepTask, acrossShards, inParallel } from '../storage/sweep';

/**
 * Looks at one row an index entry points to and deletes it if it is really done (its owner knows what that means).
 * A row not done yet, with no later entry of its own (another instance's clock ran ahead, say), returns when to look
 * again, and gets a new entry for then.
 */
export type ExpiryHandler = (key: string, now: Date) => Promise<number | void>;

/**
 * The expiry index as a sweep task: each due entry is handed to its collection's handler, then the entry goes.
 * An entry naming a collection nobody handles is logged and dropped (a renamed collection, an older release).
 */
export function expiryTask(index: ExpiryIndex, handlers: Record<string, ExpiryHandler>, logger: Pick<Logger, 'warn' | 'error'>): SweepTask {
  /** Whether the entry is done with: the owner looked (and deleted or kept the row), or nobody ever will. */
  const handle = async (e: DueExpiry, now: Date): Promise<boolean> => {
    const h = handlers[e.collection];
    if (!h) {
      logger.warn({ collection: e.collection }, 'expiry index entry for a collection nobody sweeps; dropped');
      return true;
    }
    try {
      const again = await h(e.key, now);
      // At least a second on: the new entry's stamp is then later than any entry handed over now (due() reads
      // stamps before now's second), so removing the handled entries below cannot remove it.
      if (typeof again === 'number') await index.add(e.collection, e.key, Math.max(again, now.getTime() + 1000));
      return true;
    } catch (err) {
      // Storage away: try again next sweep. Anything else (a row that no longer parses) would fail forever and hold
      // up the rows behind it, so its entry goes and the row is left for a person, with an error in the log.
      const transient = err instanceof RetryableError;
      logger[transient ? 'warn' : 'error']({ err: { message: (err as Error).message }, collection: e.collection, key: e.key }, transient ? 'could not expire a row; its index entry stays for the next sweep' : 'could not expire a row; its index entry is dropped and the row kept');
      return !transient;
    }
  };
  return {
    name: 'expiry index',
    sweep: (now, limit) => acrossShards(SHARD_NAMES, limit, async (shard, left) => {
      const due = await index.due(shard, now, left);
      const done: string[] = [];
      await inParallel(due, async (e) => void ((await handle(e, now)) && done.push(e.indexKey)));
      await index.remove(done);
      return done.length;
    }),
  };
}
