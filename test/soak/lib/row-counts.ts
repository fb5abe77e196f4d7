/**
 * Row counts per collection at the end of a soak, each next to the bound its retention sets (docs/storage.md):
 * a time-retained collection must hold no row older than its retention plus the sweep's slack; a collection bounded
 * by configuration or by the backlog must hold no more than that bound. Counted straight from Azurite's tables.
 */
import { TableClient } from '@azure/data-tables';

export const MIN = 60_000;

/**
 * The retentions the soak runs with: minutes instead of days, so a 30-minute run sees many retention periods.
 * Delivery records get 10 minutes: a failure processed later than half of that after the job ended would count as
 * old news (observed-store.ts), and a loaded 2-core machine can lag a few minutes.
 */
export const SOAK_RETENTION = {
  HANDLE_TTL_MAX: '3m', RETENTION_EXPIRED_HANDLES: '1m', RETENTION_DELIVERY: '10m', RETENTION_DECIDED_APPROVALS: '5m',
  RETENTION_AUDIT: '20m', RETENTION_SWEEP_SECONDS: '10', CAUSE_WINDOW: '10m',
} as const;
/** What a sweep may lag behind: two sweep periods plus a minute for a backlog of due rows to be worked through. */
export const SLACK_MS = 2 * 10_000 + MIN;

export type Bound = { kind: 'age'; maxAgeMs: number; why: string } | { kind: 'count'; max: number; why: string };

export interface RowCount {
  collection: string;
  rows: number;
  oldestAgeS: number;
  bound: Bound;
  pass: boolean;
  /** The expiry index only: entries past their own due time by more than the sweep's slack, per collection. */
  overdue?: string;
}

/** Every collection the bot writes, with its bound for a soak of `users` users in `conversations` conversations. */
export function soakBounds(o: { users: number; conversations: number; channels: number; workspaces: number }): Record<string, Bound> {
  const age = (ms: number, why: string): Bound => ({ kind: 'age', maxAgeMs: ms + SLACK_MS, why });
  const count = (max: number, why: string): Bound => ({ kind: 'count', max, why });
  return {
    handles: age(4 * MIN, 'expiry (HANDLE_TTL_MAX 3m) + RETENTION_EXPIRED_HANDLES 1m'),
    audit: age(20 * MIN, 'RETENTION_AUDIT 20m'),
    auditbyjob: age(20 * MIN, 'with its audit entry (20m)'),
    approvals: age(30 * MIN, 'live ≤ approvalTtlMinutes 30m, then RETENTION_DECIDED_APPROVALS 5m after the decision'),
    openapprovals: count(o.workspaces * 500, 'live requests only'),
    outbox: age(10 * MIN, 'sent/parked + RETENTION_DELIVERY 10m (unfinished ones are delivered within seconds)'),
    outboxpending: count(16 * 500, 'unfinished entries only (the backlog)'),
    notices: age(10 * MIN, 'RETENTION_DELIVERY 10m after the last update'),
    observed: age(10 * MIN, 'RETENTION_DELIVERY 10m'),
    storms: age(15 * MIN, 'the storm window (15m); same-cause rows CAUSE_WINDOW 10m'),
    mutes: age(24 * 60 * MIN, 'until the mute runs out (the soak sets none)'),
    expiry: age(15 * MIN, 'a hint is due by the longest window or retention above (the storm window, 15m)'),
    eventinbox: age(10 * MIN, 'the backlog; parked rows RETENTION_DELIVERY 10m'),
    eventsegments: count(10_000, 'the staged backlog'),
    activewatches: age(2 * MIN + 15_000, 'SUMMARY_WATCH_MINUTES 2m + one refresh'),
    conversations: count(o.conversations, 'one per conversation met (the tenant bounds it)'),
    users: count(o.users, 'one per person met'),
    usernames: count(o.users, 'one per display name met'),
    subscriptions: count(o.channels * 4, 'per conversation and filter (people create them)'),
    approvalchannels: count(o.workspaces, 'one per workspace'),
    leases: count(3, 'poller, retention'),
    pollcursor: count(o.workspaces, 'one per workspace'),
    pollbaseline: count(o.workspaces, 'one per workspace'),
  };
}

/** Counts rows of each `jobops<collection>` table and the age of its oldest row (its Timestamp: last write). */
export async function countRows(connectionString: string, bounds: Record<string, Bound>, now = Date.now()): Promise<RowCount[]> {
  const out: RowCount[] = [];
  for (const [collection, bound] of Object.entries(bounds)) {
    const client = TableClient.fromConnectionString(connectionString, `jobops${collection}`, { allowInsecureConnection: true });
    let rows = 0;
    let oldest = now;
    const late = new Map<string, { n: number; maxS: number }>();
    try {
      for await (const e of client.listEntities<{ timestamp?: string; rowKey?: string }>({ queryOptions: { select: ['RowKey', 'Timestamp'] } })) {
        rows++;
        const t = Date.parse(e.timestamp ?? '');
        if (t < oldest) oldest = t;
        // `${shard}|${stamp}|${collection}|${key}`: an entry whose stamp is long past was not handed over (or failed).
        const [, stamp, owner = '?'] = (e.rowKey ?? '').split('|');
        const lateS = collection === 'expiry' && stamp ? Math.round((now - Number.parseInt(stamp, 16) * 1000) / 1000) : 0;
        if (lateS * 1000 > SLACK_MS) {
          const l = late.get(owner) ?? { n: 0, maxS: 0 };
          late.set(owner, { n: l.n + 1, maxS: Math.max(l.maxS, lateS) });
        }
      }
    } catch (err) {
      if ((err as { statusCode?: number }).statusCode !== 404) throw err;
    }
    const oldestAgeS = Math.round((now - oldest) / 1000);
    const pass = bound.kind === 'age' ? oldestAgeS * 1000 <= bound.maxAgeMs : rows <= bound.max;
    const overdue = [...late].map(([c, l]) => `${c} ${l.n} (up to ${l.maxS} s past due)`).join(', ');
    out.push({ collection, rows, oldestAgeS, bound, pass, ...(overdue ? { overdue } : {}) });
  }
  return out;
}

export function describeBound(b: Bound): string {
  return b.kind === 'age' ? `no row older than ${Math.round(b.maxAgeMs / 1000)} s: ${b.why}` : `≤ ${b.max}: ${b.why}`;
}
