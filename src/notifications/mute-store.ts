import { z } from 'zod';
import { keyOf } from '../conversations/conversation-store';
import { Collection, Store } from '../storage/store';

const muteSchema = z.object({ until: z.string(), by: z.string(), kind: z.enum(['experiment', 'job']), name: z.string(), workspace: z.string() });
export type Mute = z.infer<typeof muteSchema>;

/** Per conversation: "mute experiment X in dev for 24h" silences notices here only. */
export class MuteStore {
  private readonly col: Collection<Mute>;

  constructor(store: Store, private readonly now: () => Date) {
    this.col = store.collection('mutes', (raw) => muteSchema.parse(raw));
  }

  private static key(conversationKey: string, m: Pick<Mute, 'kind' | 'name' | 'workspace'>): string {
    return `${conversationKey}|${m.workspace}|${m.kind}|${Buffer.from(m.name.toLowerCase()).toString('base64url')}`;
  }

  async mute(conversationId: string, m: Mute): Promise<void> {
    await this.col.put(MuteStore.key(keyOf(conversationId), m), m);
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
