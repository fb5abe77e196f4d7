import { createHash } from 'node:crypto';
import { z } from 'zod';
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

/** The Teams activity id of each posted notice, in storage so updates in place survive restarts and scale-out. */
export class StoreNoticeIndex implements NoticeIndex {
  private readonly rows: Collection<z.infer<typeof noticeSchema>>;

  constructor(store: Store, private readonly now: () => Date) {
    this.rows = store.collection('notices', (r) => noticeSchema.parse(r));
  }

  async activityId(noticeKey: string): Promise<string | undefined> {
    return (await this.rows.get(storageKeyOf(noticeKey)))?.value.activityId;
  }

  async remember(noticeKey: string, activityId: string): Promise<void> {
    await this.rows.put(storageKeyOf(noticeKey), { activityId, updatedAt: this.now().toISOString() });
  }
}
