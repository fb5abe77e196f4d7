import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { keyOf } from '../conversations/conversation-store';
import { leading } from '../storage/layouts';
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

/** Subscriptions of one workspace read per notice: one row per subscribed conversation and filter, never per job. */
const WORKSPACE_LIMIT = 5_000;

/**
 * Subscriptions keyed `<workspace>|<conversation>|<id>`, one partition per workspace: the notifier's fan-out for a
 * job is one range read of its workspace, and one conversation's list is one prefix read per configured workspace.
 */
export class SubscriptionStore implements SubscriptionHealth {
  private readonly col: Collection<Subscription>;

  constructor(store: Store, private readonly workspaces: readonly string[]) {
    this.col = store.collection('subscriptions', (raw) => subscriptionSchema.parse(raw), leading(1, false));
  }

  async add(s: Omit<Subscription, 'id' | 'health'>): Promise<Subscription> {
    const taken = new Set((await this.forConversationKey(s.conversationKey)).map((x) => x.value.id));
    for (;;) {
      const sub: Subscription = { ...s, id: shortId(), health: 'active' };
      if (taken.has(sub.id)) continue;
      if ((await this.col.create(`${s.workspace}|${s.conversationKey}|${sub.id}`, sub)).ok) return sub;
    }
  }

  async forConversation(conversationId: string): Promise<Stored<Subscription>[]> {
    return this.forConversationKey(keyOf(conversationId));
  }

  private async forConversationKey(conversationKey: string): Promise<Stored<Subscription>[]> {
    const out: Stored<Subscription>[] = [];
    for (const ws of this.workspaces) out.push(...(await this.col.list(`${ws}|${conversationKey}|`)));
    return out;
  }

  /** Every subscription to one workspace: the notifier's and poller's fan-out (bounded by WORKSPACE_LIMIT). */
  async forWorkspace(workspace: string): Promise<Subscription[]> {
    return (await this.col.list(`${workspace}|`, WORKSPACE_LIMIT)).map((s) => s.value);
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

  /**
   * R5.4: Teams refused delivery (403/404): stop sending and say so in `subscriptions`. With the conversation (the
   * outbox entry knows it) this is a prefix read per workspace; without, each workspace's subscriptions are read.
   */
  async markStale(subscriptionId: string, reason: string, conversationKey?: string): Promise<void> {
    const candidates = conversationKey
      ? await this.forConversationKey(conversationKey)
      : (await Promise.all(this.workspaces.map((ws) => this.col.list(`${ws}|`, WORKSPACE_LIMIT)))).flat();
    for (const s of candidates) {
      if (s.value.id !== subscriptionId) continue;
      await this.col.put(s.key, { ...s.value, health: 'stale', staleReason: reason.slice(0, 200) }, s.etag);
    }
  }
}
