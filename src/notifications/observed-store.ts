import { z } from 'zod';
import { Job } from '../azureml/types';
import { ExpiryIndex } from '../storage/expiry-index';
import { hashed } from '../storage/layouts';
import { Collection, Store } from '../storage/store';

/**
 * Which job+status pairs have been turned into notices already (R4.5: Event Grid and the poller share the key), so a
 * redelivered event or the poller's next look never notifies twice. Hashed over 16 partitions; each row is deleted
 * after the delivery retention (RETENTION_DELIVERY), found through the expiry index.
 *
 * Deleting them is safe because of `isOldNews`: a status that began more than half the retention ago is not news,
 * and a row always outlives that (it is written after the status began and kept for the whole retention). Without
 * it the poller, which sees every job of a polled workspace on each tick, would announce old failures again.
 */
export class ObservedStore {
  private readonly rows: Collection<{ at: string }>;
  private readonly index: ExpiryIndex;

  constructor(store: Store, private readonly now: () => Date, private readonly keepMs: number) {
    this.rows = store.collection('observed', (raw) => z.object({ at: z.string() }).parse(raw), hashed);
    this.index = new ExpiryIndex(store);
  }

  async has(key: string): Promise<boolean> {
    return (await this.rows.get(key)) !== undefined;
  }

  /** Create-if-absent, after its expiry hint (a hint without a row is harmless; a row without one would stay). */
  async mark(key: string): Promise<void> {
    const now = this.now();
    await this.index.add('observed', key, now.getTime() + this.keepMs);
    await this.rows.create(key, { at: now.toISOString() });
  }

  /** When the job's current status began (end, start or creation) is more than half the retention ago. */
  isOldNews(job: Job): boolean {
    const since = job.endedAt ?? job.startedAt ?? job.createdAt;
    return since !== undefined && this.now().getTime() - since.getTime() > this.keepMs / 2;
  }

  /** Expiry handler: observed rows are never rewritten, so the hint's time is the row's. */
  async expire(key: string): Promise<void> {
    await this.rows.delete(key);
  }
}
