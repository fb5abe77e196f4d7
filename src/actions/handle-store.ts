import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { Collection, Store, Stored } from '../storage/store';

const person = z.object({ id: z.string(), name: z.string(), aadObjectId: z.string().optional() });
export type Person = z.infer<typeof person>;

const base = {
  conversationId: z.string(),
  createdAt: z.string(),
  expiresAt: z.string(),
};

const listArgs = z.object({
  statuses: z.array(z.string()).optional(),
  type: z.string().optional(),
  experiment: z.string().optional(),
  tag: z.object({ key: z.string(), value: z.string().optional() }).optional(),
  mine: z.object({ name: z.string().optional(), aadObjectId: z.string().optional() }).optional(),
  since: z.string().optional(),
  top: z.number(),
});

/** The job's facts when a cancel was asked for: a card can be drawn while Azure is not answering. */
const jobSnapshot = z.object({
  type: z.string(), status: z.string(), experiment: z.string(), displayName: z.string().optional(),
  submitter: z.string().optional(), compute: z.string().optional(), startedAt: z.string().optional(),
});
export type JobSnapshot = z.infer<typeof jobSnapshot>;

const handleSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('job'), workspace: z.string(), job: z.string(), ...base }),
  z.object({
    kind: z.literal('list-page'), workspace: z.string(), query: listArgs,
    /** The job names shown on the card, so a row button is `{h, i}` and never carries a name. */
    rows: z.array(z.string()).max(25),
    /** Where the next page starts: ARM's nextLink of the page being read and how many of its jobs were used. */
    armNext: z.string().optional(), skipInPage: z.number(), hasMore: z.boolean(), pageNumber: z.number(), ...base,
  }),
  z.object({
    kind: z.literal('cancel'), workspace: z.string(), job: z.string(), requester: person, reason: z.string().optional(),
    state: z.enum(['pending', 'confirming', 'kept', 'cancelled', 'failed']),
    decidedBy: person.optional(), decidedAt: z.string().optional(), outcome: z.string().optional(),
    snapshot: jobSnapshot.optional(), ...base,
  }),
  z.object({
    kind: z.literal('rerun'), workspace: z.string(), job: z.string(), requester: person, reason: z.string().optional(),
    /** Chosen when the confirmation card is made: every press of this card submits under this one name. */
    newName: z.string(), state: z.enum(['pending', 'kept', 'submitted']), decidedBy: person.optional(), ...base,
  }),
  z.object({ kind: z.literal('mute'), workspace: z.string(), experiment: z.string(), hours: z.number(), ...base }),
  z.object({
    kind: z.literal('watch'), workspace: z.string(), job: z.string(), activityId: z.string().optional(),
    /** A serialised ConversationReference for proactive updates. */
    reference: z.record(z.unknown()).optional(), state: z.enum(['active', 'stopped', 'done']),
    stopReason: z.string().optional(), lastUpdateAt: z.string().optional(), showHandle: z.string(), ...base,
  }),
]);

export type Handle = z.infer<typeof handleSchema>;
export type HandleOf<K extends Handle['kind']> = Extract<Handle, { kind: K }>;
export type ListQuery = z.infer<typeof listArgs>;

/** 128 random bits, base64url: unguessable and a safe table key. */
export function newHandleId(): string {
  return randomBytes(16).toString('base64url');
}

export const HANDLE_ID = /^[A-Za-z0-9_-]{22}$/;

/**
 * Server-side records behind every card button (R3.2): a card carries only the id; job,
 * workspace and permissions come from here.
 */
export class HandleStore {
  private readonly col: Collection<Handle>;

  constructor(store: Store, private readonly now: () => Date) {
    this.col = store.collection('handles', (raw) => handleSchema.parse(raw));
  }

  async create<K extends Handle['kind']>(h: Omit<HandleOf<K>, 'createdAt' | 'expiresAt'> & { ttlMs: number }): Promise<string> {
    const { ttlMs, ...rest } = h;
    const now = this.now();
    const value = { ...rest, createdAt: now.toISOString(), expiresAt: new Date(now.getTime() + ttlMs).toISOString() } as unknown as Handle;
    for (;;) {
      const id = newHandleId();
      const r = await this.col.create(id, value);
      if (r.ok) return id;
    }
  }

  async get(id: string): Promise<Stored<Handle> | undefined> {
    if (!HANDLE_ID.test(id)) return undefined;
    return this.col.get(id);
  }

  put(id: string, value: Handle, etag: string): ReturnType<Collection<Handle>['put']> {
    return this.col.put(id, value, etag);
  }
}
