import { z } from 'zod';
import { keyOf } from '../conversations/conversation-store';
import { ExpiryIndex } from '../storage/expiry-index';
import { hashed } from '../storage/layouts';
import { Collection, Store } from '../storage/store';

const muteSchema = z.object({ until: z.string(), by: z.string(), kind: z.enum(['experiment', 'job']), name: z.string(), workspace: z.string() });
export type Mute = z.infer<typeof muteSchema>;

/**
 * Per conversation: "mute experiment X in dev for 24h" silences notices here only. Hashed over 16 partitions (the
 * notifier reads two rows per subscribed conversation per notice); a mute is deleted when it runs out.
 */
export class MuteStore {
  private readonly col: Collection<Mute>;
  private readonly index: ExpiryIndex;

  constructor(store: Store, private readonly now: () => Date) {
    this.col = store.collection('mutes', (raw) => muteSchema.parse(raw), hashed);
    this.index = new ExpiryIndex(store);
  }

  private static key(conversationKey: string, m: Pick<Mute, 'kind' | 'name' | 'workspace'>): string {
    return `${conversationKey}|${m.workspace}|${m.kind}|${Buffer.from(m.name.toLowerCase()).toString('base64url')}`;
  }

  async mute(conversationId: string, m: Mute): Promise<void> {
    const key = MuteStore.key(keyOf(conversationId), m);
    await this.index.add('mutes', key, Date.parse(m.until));
    await this.col.put(key, m);
  }

  /** Expiry handler: a mute that has run out goes; one extended meanwhile says when it runs out. */
  async expire(key: string): Promise<number | void> {
    const cur = await this.col.get(key);
    if (!cur) return;
    if (cur.value.until > this.now().toISOString()) return Date.parse(cur.value.until);
    await this.col.delete(key, cur.etag);
  }

  async unmute(conversationId: string, workspace: string, name: string): Promise<number> {
    let n = 0;
    for (const kind of ['experiment', 'job'] as const) {
      const key = MuteStore.key(keyOf(conversationId), { kind, name, workspace });
      if (await this.col.get(key)) {
        await this.col.delete(key);
        n++;
      }
    }
    return n;
  }

  /** True when notices about this job (or its experiment) are muted in that conversation now. */
  async isMuted(conversationKey: string, workspace: string, job: string, experiment: string): Promise<boolean> {
    const now = this.now().toISOString();
    for (const [kind, name] of [['job', job], ['experiment', experiment]] as const) {
      const m = await this.col.get(MuteStore.key(conversationKey, { kind, name, workspace }));
      if (m && m.value.until > now) return true;
    }
    return false;
  }
}
