import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { keyOf } from '../conversations/conversation-store';
import { Collection, Store, Stored } from '../storage/store';
import { SubscriptionHealth } from './types';

const subscriptionSchema = z.object({
  id: z.string(),
  conversationKey: z.string(),
  reference: z.record(z.unknown()),
  workspace: z.string(),
  mode: z.enum(['failures', 'all', 'terminal', 'stuck']),
  filters: z.object({
    experiment: z.string().optional(),
    tag: z.object({ key: z.string(), value: z.string().optional() }).optional(),
    type: z.string().optional(),
  }),
  stuck: z.object({ queuedMinutes: z.number().optional(), runningHours: z.number().optional() }).optional(),
  health: z.enum(['active', 'stale']),
  staleReason: z.string().optional(),
  createdBy: z.string(),
  createdAt: z.string(),
});
export type Subscription = z.infer<typeof subscriptionSchema>;

/** Short ids people can type (`unsubscribe 7f3a`), unique enough within one conversation. */
function shortId(): string {
  return randomBytes(3).toString('hex');
}

/**
 * Subscriptions keyed `<conversation>|<id>`, so one conversation's list is a prefix query and the
 * notifier's fan-out is a scan of a small table (one row per subscription, not per job).
 */
export class SubscriptionStore implements SubscriptionHealth {
  private readonly col: Collection<Subscription>;

  constructor(store: Store) {
    this.col = store.collection('subscriptions', (raw) => subscriptionSchema.parse(raw));
  }

  async add(s: Omit<Subscription, 'id' | 'health'>): Promise<Subscription> {
    for (;;) {
      const sub: Subscription = { ...s, id: shortId(), health: 'active' };
      if ((await this.col.create(`${s.conversationKey}|${sub.id}`, sub)).ok) return sub;
    }
  }

  async forConversation(conversationId: string): Promise<Stored<Subscription>[]> {
    return this.col.list(`${keyOf(conversationId)}|`);
  }

  async all(): Promise<Subscription[]> {
    return (await this.col.list()).map((s) => s.value);
  }

  async remove(conversationId: string, which: { id?: string; workspace?: string; all?: boolean }): Promise<number> {
    let n = 0;
    for (const s of await this.forConversation(conversationId)) {
      if (which.all || s.value.id === which.id || s.value.workspace === which.workspace) {
        await this.col.delete(s.key);
        n++;
      }
    }
    return n;
  }

  /** R5.4: Teams refused delivery (403/404): stop sending and say so in `subscriptions`. */
  async markStale(subscriptionId: string, reason: string): Promise<void> {
    for (const s of await this.col.list()) {
      if (s.value.id !== subscriptionId) continue;
      await this.col.put(s.key, { ...s.value, health: 'stale', staleReason: reason.slice(0, 200) }, s.etag);
    }
  }
}
