import { z } from 'zod';
import { leading, shardOf } from './layouts';
import { Collection, Store } from './store';

/** Seconds since the epoch, 8 hex digits: sorts as text in time order until 2106. */
export function stampOf(at: Date | number): string {
  const s = Math.floor((typeof at === 'number' ? at : at.getTime()) / 1000);
  return Math.max(0, s).toString(16).padStart(8, '0');
}

export interface DueExpiry {
  indexKey: string;
  collection: string;
  key: string;
}

/**
 * One expiry-ordered index for every collection whose keys are chosen for another reason (dedupe keys, job|status):
 * a row `${shard}|${stamp}|${collection}|${key}` says "look at that row after this time". The shard is the target
 * key's hash, so writes spread over 16 partitions, and "what is due" is one bounded range read per shard.
 *
 * The index is a hint, not the truth: the row's owner decides at sweep time whether it is really done (an outbox
 * entry is sent, a mute has run out), so writing the hint before the row it describes is always safe.
 */
export class ExpiryIndex {
  private readonly rows: Collection<Record<string, never>>;

  constructor(store: Store) {
    this.rows = store.collection('expiry', (raw) => z.object({}).strict().parse(raw), leading(1, false));
  }

  /** Idempotent: the same collection, key and time make the same row. */
  async add(collection: string, key: string, at: Date | number): Promise<void> {
    await this.rows.put(`${shardOf(key)}|${stampOf(at)}|${collection}|${key}`, {});
  }

  /**
   * Rows of one shard due at `now`, oldest first, at most `limit`: stamps of whole seconds before now's, so a hint
   * for 12:00:00.700 is only handed over from 12:00:01 on, when the row it names has surely passed its time.
   */
  async due(shard: string, now: Date, limit: number): Promise<DueExpiry[]> {
    const rows = await this.rows.range(shard, { before: `${shard}|${stampOf(now)}`, limit });
    return rows.map((r) => {
      const [, , collection = '', ...rest] = r.key.split('|');
      return { indexKey: r.key, collection, key: rest.join('|') };
    });
  }

  async remove(indexKeys: readonly string[]): Promise<void> {
    await this.rows.deleteMany(indexKeys);
  }
}
