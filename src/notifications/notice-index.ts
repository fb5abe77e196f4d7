import { createHash } from 'node:crypto';
import { z } from 'zod';
import { ExpiryIndex } from '../storage/expiry-index';
import { hashed } from '../storage/layouts';
import { Collection, Store } from '../storage/store';
import { NoticeIndex } from './types';

const noticeSchema = z.object({ activityId: z.string(), updatedAt: z.string() });

/**
 * Keys chosen by callers can hold characters Azure Tables forbid (/ # ? in conversation ids): base64url them, and
 * hash the long ones so the row key stays within its limit. Shared by the outbox for dedupe keys.
 */
export function storageKeyOf(key: string): string {
  const b64 = Buffer.from(key, 'utf8').toString('base64url');
  return b64.length <= 300 ? b64 : `h-${createHash('sha256').update(key, 'utf8').digest('base64url')}`;
}

/**
 * The Teams activity id of each posted notice, in storage so updates in place survive restarts and scale-out. Hashed
 * over 16 partitions; with a retention (RETENTION_DELIVERY) a row not updated for that long is deleted, and a later
 * notice about the same job is then posted as a new card instead of updating one that old.
 */
export class StoreNoticeIndex implements NoticeIndex {
  private readonly rows: Collection<z.infer<typeof noticeSchema>>;
  private readonly index: ExpiryIndex;

  constructor(store: Store, private readonly now: () => Date, private readonly keepMs?: number) {
    this.rows = store.collection('notices', (r) => noticeSchema.parse(r), hashed);
    this.index = new ExpiryIndex(store);
  }

  async activityId(noticeKey: string): Promise<string | undefined> {
    return (await this.rows.get(storageKeyOf(noticeKey)))?.value.activityId;
  }

  async remember(noticeKey: string, activityId: string): Promise<void> {
    const key = storageKeyOf(noticeKey);
    const now = this.now();
    if (this.keepMs !== undefined) await this.index.add('notices', key, now.getTime() + this.keepMs);
    await this.rows.put(key, { activityId, updatedAt: now.toISOString() });
  }

  /** Expiry handler: only a row not updated for keepMs goes; a newer one says when it will be due. */
  async expire(key: string): Promise<number | void> {
    const cur = await this.rows.get(key);
    if (!cur || this.keepMs === undefined) return;
    const due = Date.parse(cur.value.updatedAt) + this.keepMs;
    if (due > this.now().getTime()) return due;
    await this.rows.delete(key, cur.etag);
  }
}
