import { z } from 'zod';
import { Collection, Store } from './store';

const leaseSchema = z.object({ holder: z.string(), expiresAt: z.string() });

/**
 * A lease on Azure Storage (a table row taken with an ETag compare-and-set): only one bot
 * instance holds it at a time; a holder that dies loses it when it expires.
 */
export class Lease {
  private readonly col: Collection<z.infer<typeof leaseSchema>>;

  constructor(store: Store, private readonly name: string, private readonly holder: string, private readonly now: () => Date, private readonly ttlMs: number) {
    this.col = store.collection('leases', (raw) => leaseSchema.parse(raw));
  }

  /** Takes or renews the lease; false when another live holder has it. */
  async acquire(): Promise<boolean> {
    const now = this.now();
    const value = { holder: this.holder, expiresAt: new Date(now.getTime() + this.ttlMs).toISOString() };
    const cur = await this.col.get(this.name);
    if (!cur) return (await this.col.create(this.name, value)).ok;
    if (cur.value.holder !== this.holder && new Date(cur.value.expiresAt) > now) return false;
    return (await this.col.put(this.name, value, cur.etag)).ok;
  }

  async release(): Promise<void> {
    const cur = await this.col.get(this.name);
    if (cur && cur.value.holder === this.holder) await this.col.delete(this.name, cur.etag);
  }
}
