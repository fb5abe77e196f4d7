import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { stampOf } from '../storage/expiry-index';
import { hashed } from '../storage/layouts';
import { Collection, Store, Stored } from '../storage/store';
import { sameConversation } from '../shared/turn';
import { SweepTask, acrossShards } from '../storage/sweep';
import { READ_HANDLE, ReadHandleSigner, randomSigningKey } from './read-handles';

const person = z.object({ id: z.string(), name: z.string(), aadObjectId: z.string().optional() });
export type Person = z.infer<typeof person>;

const base = {
  conversationId: z.string(),
  createdAt: z.string(),
  expiresAt: z.string(),
};

export const listArgs = z.object({
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

/** 128 random bits, base64url: unguessable and a safe table key (approval requests use it as is). */
export function newHandleId(): string {
  return randomBytes(16).toString('base64url');
}

/**
 * What card data may carry: a stored handle (its expiry stamp, 8 hex digits, then 128 random bits) or an approval id
 * (the random part alone). Only a shape check; the record decides.
 */
export const HANDLE_ID = /^(?:[0-9a-f]{8})?[A-Za-z0-9_-]{22}$/;
/** Either a stored handle's id or a sealed read handle (read-handles.ts): what a card button's `h` may be. */
export function isHandleShape(h: string): boolean {
  return HANDLE_ID.test(h) || READ_HANDLE.test(h);
}

/** How long read-only buttons live (capped by HANDLE_TTL_MAX): a job's buttons a week, a list's More a day. */
export const JOB_HANDLE_TTL_MS = 7 * 24 * 3600_000;
export const PAGE_TTL_MS = 24 * 3600_000;

/** The sealed payloads: short keys, because every list row carries one. */
type JobPayload = { k: 'j'; w: string; j: string };
type PagePayload = { k: 'l'; w: string; q: ListQuery; n?: string; s: number; p: number };
/** A handle id proper: the stamp makes ids sort by expiry, so the sweeper finds expired ones with a range read. */
const STAMPED_ID = /^[0-9a-f]{8}[A-Za-z0-9_-]{22}$/;

export interface HandleRetention {
  /** No handle lives longer than this, whatever its kind asks for (HANDLE_TTL_MAX). */
  ttlMaxMs: number;
  /** Expired handles stay this long, so a late press says "expired" rather than "out of date". */
  keepExpiredMs: number;
}

/**
 * Server-side records behind every card button (R3.2): a card carries only the id; job,
 * workspace and permissions come from here.
 */
export class HandleStore {
  private readonly col: Collection<Handle>;
  /** The same table read for keys only: a row that no longer parses must not stop the sweep. */
  private readonly keys: Collection<null>;

  /**
   * Every list/show reply makes handles, so this is the busiest collection: hashed over 16 partitions by id, and
   * each id starts with its expiry stamp so a partition's expired handles are its first rows.
   */
  private readonly signer: ReadHandleSigner;

  constructor(
    store: Store, private readonly now: () => Date,
    private readonly retention: HandleRetention = { ttlMaxMs: 7 * 86_400_000, keepExpiredMs: 86_400_000 },
    signer?: ReadHandleSigner,
  ) {
    this.col = store.collection('handles', (raw) => handleSchema.parse(raw), hashed);
    this.keys = store.collection('handles', () => null, hashed);
    this.signer = signer ?? new ReadHandleSigner({ current: randomSigningKey() });
  }

  private expiryFor(ttlMs: number): Date {
    return new Date(this.now().getTime() + Math.min(ttlMs, this.retention.ttlMaxMs));
  }

  /** A read-only button for one job (Show, Summary, Refresh, a list row): sealed, nothing stored. */
  job(h: { workspace: string; job: string; conversationId: string }): string {
    const p: JobPayload = { k: 'j', w: h.workspace, j: h.job };
    // In clear (MAC only): the card shows the workspace and job it is about anyway.
    return this.signer.seal(h.conversationId, p, this.expiryFor(JOB_HANDLE_TTL_MS), false);
  }

  /** A list's More button: the query and where the next page starts, sealed, nothing stored. */
  listMore(h: { workspace: string; query: ListQuery; armNext?: string; skipInPage: number; pageNumber: number; conversationId: string }): string {
    const p: PagePayload = { k: 'l', w: h.workspace, q: h.query, n: h.armNext, s: h.skipInPage, p: h.pageNumber };
    return this.signer.seal(h.conversationId, p, this.expiryFor(PAGE_TTL_MS));
  }

  /**
   * What a button's `h` stands for in this conversation: a stored record (with its ETag, for compare-and-set) or
   * the contents of a sealed read handle. Undefined when it is neither, or was made for another conversation.
   * Expiry is the caller's check.
   */
  async resolve(id: string, conversationId: string): Promise<{ value: Handle; etag?: string } | undefined> {
    if (READ_HANDLE.test(id)) {
      const opened = this.signer.open<JobPayload | PagePayload>(id, conversationId);
      if (!opened.ok) return undefined;
      const value = fromPayload(opened.payload, conversationId, opened.expiresAt.toISOString());
      return value ? { value } : undefined;
    }
    const stored = await this.get(id);
    if (!stored || !sameConversation(stored.value.conversationId, conversationId)) return undefined;
    return stored;
  }

  async create<K extends Handle['kind']>(h: Omit<HandleOf<K>, 'createdAt' | 'expiresAt'> & { ttlMs: number }): Promise<string> {
    const { ttlMs, ...rest } = h;
    const now = this.now();
    const expires = new Date(now.getTime() + Math.min(ttlMs, this.retention.ttlMaxMs));
    const value = { ...rest, createdAt: now.toISOString(), expiresAt: expires.toISOString() } as unknown as Handle;
    for (;;) {
      const id = `${stampOf(expires)}${newHandleId()}`;
      const r = await this.col.create(id, value);
      if (r.ok) return id;
    }
  }

  async get(id: string): Promise<Stored<Handle> | undefined> {
    if (!STAMPED_ID.test(id)) return undefined;
    return this.col.get(id);
  }

  /** Deletes handles expired more than keepExpiredMs ago: per shard, the rows before that stamp, at most `limit`. */
  readonly sweep: SweepTask = {
    name: 'handles',
    sweep: (now, limit) => {
      const before = stampOf(now.getTime() - this.retention.keepExpiredMs);
      return acrossShards(hashed.partitions ?? [], limit, async (shard, left) => {
        // Unconditional: an expired handle is dead whatever was last written to it.
        const rows = await this.keys.range(shard, { before, limit: left });
        return this.keys.deleteMany(rows.map((r) => r.key));
      });
    },
  };

  put(id: string, value: Handle, etag: string): ReturnType<Collection<Handle>['put']> {
    return this.col.put(id, value, etag);
  }
}

/** A sealed payload back to the Handle shape the card actions work with (its MAC held, so only the shape is checked). */
function fromPayload(p: JobPayload | PagePayload, conversationId: string, expiresAt: string): Handle | undefined {
  const base = { conversationId, createdAt: '', expiresAt };
  if (p.k === 'j' && typeof p.w === 'string' && typeof p.j === 'string') return { kind: 'job', workspace: p.w, job: p.j, ...base };
  if (p.k === 'l' && typeof p.w === 'string') {
    const q = listArgs.safeParse(p.q);
    if (!q.success || typeof p.s !== 'number' || typeof p.p !== 'number') return undefined;
    return { kind: 'list-page', workspace: p.w, query: q.data, rows: [], armNext: typeof p.n === 'string' ? p.n : undefined, skipInPage: p.s, hasMore: true, pageNumber: p.p, ...base };
  }
  return undefined;
}
