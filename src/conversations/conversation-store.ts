import { ConversationReference } from 'botbuilder';
import { z } from 'zod';
import { hashed } from '../storage/layouts';
import { Collection, Store } from '../storage/store';

const refSchema = z.record(z.unknown());
const convSchema = z.object({ reference: refSchema, conversationType: z.string().optional(), updatedAt: z.string() });
const userSchema = z.object({ id: z.string(), name: z.string(), personal: refSchema.optional(), updatedAt: z.string() });
const channelSchema = z.object({ reference: refSchema, channelName: z.string().optional(), setBy: z.string(), setAt: z.string() });

export type StoredReference = Partial<ConversationReference>;
export type KnownUser = z.infer<typeof userSchema>;

/** Conversation ids contain characters Azure Tables forbid in keys (/ in some channels); encode them. */
export function keyOf(id: string): string {
  return Buffer.from(id, 'utf8').toString('base64url');
}

/**
 * Who and where the bot has met: conversation references for proactive messages, Teams user ids
 * by AAD object id (refresh userIds, mentions, personal chats), and approval channels per workspace.
 * All in storage, so a restart or a second instance sees the same.
 */
export class ConversationStore {
  private readonly conversations: Collection<z.infer<typeof convSchema>>;
  private readonly users: Collection<KnownUser>;
  private readonly channels: Collection<z.infer<typeof channelSchema>>;
  /** Display name → AAD object id, so a job's submitter (ARM gives a name) can be @mentioned. */
  private readonly names: Collection<{ aadObjectId: string }>;
  /** Only to skip rewriting unchanged rows on every turn; storage stays the source of truth. */
  private readonly seen = new Set<string>();

  constructor(store: Store, private readonly now: () => Date) {
    // One row per conversation or person the bot has met: bounded by the tenant, kept while the bot may need to
    // reach them (no time limit: an approver's chat may be idle for months); hashed so no partition has them all.
    this.conversations = store.collection('conversations', (r) => convSchema.parse(r), hashed);
    this.users = store.collection('users', (r) => userSchema.parse(r), hashed);
    this.channels = store.collection('approvalchannels', (r) => channelSchema.parse(r));
    this.names = store.collection('usernames', (r) => z.object({ aadObjectId: z.string() }).parse(r), hashed);
  }

  /**
   * Called for every authenticated, tenant-checked activity. `name` is absent on install and membership events
   * (Teams leaves it out): then a name learnt earlier is kept, and the next activity that carries one records it.
   */
  async remember(reference: StoredReference, user: { id: string; name?: string; aadObjectId?: string }, conversationType?: string): Promise<void> {
    const convId = reference.conversation?.id;
    const at = this.now().toISOString();
    const writes: Promise<unknown>[] = [];
    if (convId && !this.seen.has(`c:${convId}`)) {
      this.seen.add(`c:${convId}`);
      writes.push(this.conversations.put(keyOf(convId), { reference: reference as Record<string, unknown>, conversationType, updatedAt: at }));
    }
    const personal = conversationType === 'personal';
    const name = user.name?.trim() || undefined;
    const seenKey = `u:${user.aadObjectId}:${personal}:${name ? 'named' : 'nameless'}`;
    if (user.aadObjectId && !this.seen.has(seenKey)) {
      this.seen.add(seenKey);
      writes.push(this.upsertUser(user.aadObjectId, user.id, name, personal ? reference : undefined, at));
    }
    await Promise.all(writes);
  }

  private async upsertUser(aad: string, id: string, name: string | undefined, personal: StoredReference | undefined, at: string): Promise<void> {
    const cur = await this.users.get(keyOf(aad));
    const value: KnownUser = { id, name: name ?? cur?.value.name ?? 'someone', personal: (personal as Record<string, unknown> | undefined) ?? cur?.value.personal, updatedAt: at };
    await Promise.all([this.users.put(keyOf(aad), value), ...(name ? [this.names.put(keyOf(name.toLowerCase()), { aadObjectId: aad })] : [])]);
  }

  /** A member the bot has met under this display name, to @mention a job's submitter. */
  async userByName(name: string): Promise<{ aadObjectId: string; name: string } | undefined> {
    const hit = await this.names.get(keyOf(name.trim().toLowerCase()));
    return hit ? { aadObjectId: hit.value.aadObjectId, name } : undefined;
  }

  async user(aadObjectId: string): Promise<KnownUser | undefined> {
    return (await this.users.get(keyOf(aadObjectId)))?.value;
  }

  async setApprovalChannel(alias: string, reference: StoredReference, setBy: string, channelName?: string): Promise<void> {
    await this.channels.put(keyOf(alias), { reference: reference as Record<string, unknown>, setBy, setAt: this.now().toISOString(), channelName });
  }

  async approvalChannel(alias: string): Promise<StoredReference | undefined> {
    return (await this.channels.get(keyOf(alias)))?.value.reference as StoredReference | undefined;
  }
}
