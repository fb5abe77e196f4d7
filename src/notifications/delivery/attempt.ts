import { AdaptiveCardV15 } from '../../cards/types';
import { Messenger } from '../../conversations/messenger';
import { Claim, Outbox } from '../outbox';
import { NoticeIndex, SubscriptionHealth } from '../types';
import { BackoffOptions, Outcome, classify, fullJitterMs } from './backoff';

/** The slice of a pino logger the sender uses (tests pass a recorder). */
export interface DeliveryLogger {
  debug(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface AttemptDeps {
  outbox: Outbox;
  messenger: Messenger;
  notices: NoticeIndex;
  health: SubscriptionHealth;
  logger: DeliveryLogger;
  now: () => Date;
  random: () => number;
  backoff: BackoffOptions;
  maxAttempts: number;
  maxThrottles: number;
  sendTimeoutMs: number;
  /** Telemetry: a notice delivered or parked. */
  onOutcome?: (outcome: 'sent' | 'parked') => void;
}

/** What the conversation's worker does next: carry on, or stop because the conversation must wait. */
/** pauseMs is relative: the rate limiter runs on the real clock, the outbox on the app's clock. */
export type AttemptResult = { next: 'continue'; settling?: Promise<void> } | { next: 'stop'; pauseMs?: number };

/** One delivery attempt of a claimed entry, then its new state in the outbox (R5.2–R5.4). */
export async function attempt(d: AttemptDeps, claim: Claim, sent: () => void = () => undefined): Promise<AttemptResult> {
  const e = claim.entry;
  const log = { outboxId: claim.id, dedupeKey: e.dedupeKey, conversationKey: e.conversationKey, attempt: e.attempts };
  let outcome: Outcome;
  try {
    // `sent` ends the rate-limit slot as soon as Teams answered (or we gave up waiting), before storage writes.
    const activityId = await withTimeout(deliver(d, claim), d.sendTimeoutMs).finally(sent);
    // Notices index first, then 'sent': a crash between the two repeats the send (at-least-once), never loses it.
    d.onOutcome?.('sent');
    if (activityId && e.noticeKey) await d.notices.remember(e.noticeKey, activityId);
    // Marking it sent is off the conversation's critical path (the next send need not wait for two storage writes);
    // the worker awaits it before it ends, and a crash before it lands means a resend, as above.
    const settling = d.outbox.settle(claim, { status: 'sent', sentAt: d.now().toISOString(), activityId, lastError: undefined }, true).then(
      (ok) => void (ok || d.logger.warn(log, 'outbox entry was taken over while sending (lease expired); it may be delivered twice')),
      (err: unknown) => d.logger.warn({ ...log, err }, 'could not mark the outbox entry sent; it will be sent again after its lease'),
    );
    return { next: 'continue', settling };
  } catch (err) {
    outcome = classify(err, d.now().getTime());
  }
  const now = d.now().getTime();
  // attempts already counts this one (taken at claim); 429s are counted apart and do not lead to parking after N.
  const failed = e.attempts - e.throttles;
  const park = async (lastError: string): Promise<void> => {
    d.onOutcome?.('parked');
    await d.outbox.settle(claim, { status: 'parked', lastError });
  };
  switch (outcome.kind) {
    case 'throttled': {
      const throttles = e.throttles + 1;
      if (throttles >= d.maxThrottles) {
        await park(outcome.reason);
        d.logger.error({ ...log, reason: outcome.reason, throttles }, 'ALERT outbox entry parked: throttled too often');
        return { next: 'stop' };
      }
      const until = outcome.until ?? now + fullJitterMs(throttles, d.backoff, d.random);
      await d.outbox.settle(claim, { status: 'pending', throttles, nextAttemptAt: new Date(until).toISOString(), lastError: outcome.reason });
      d.logger.info({ ...log, retryAt: new Date(until).toISOString() }, 'Teams throttled the conversation (429); pausing it');
      return { next: 'stop', pauseMs: Math.max(0, until - now) };
    }
    case 'retry': {
      if (failed >= d.maxAttempts) {
        await park(outcome.reason);
        d.logger.error({ ...log, reason: outcome.reason }, `ALERT outbox entry parked after ${failed} failed attempts`);
        return { next: 'continue' };
      }
      const at = new Date(now + fullJitterMs(failed, d.backoff, d.random)).toISOString();
      await d.outbox.settle(claim, { status: 'pending', nextAttemptAt: at, lastError: outcome.reason });
      d.logger.info({ ...log, retryAt: at, reason: outcome.reason }, 'send failed; retrying with backoff');
      // Later notices of this conversation wait: an update must not overtake the send it updates.
      return { next: 'stop' };
    }
    case 'gone':
      await park(outcome.reason);
      d.logger.warn({ ...log, subscriptionId: e.subscriptionId, reason: outcome.reason }, e.subscriptionId ? 'Teams refused delivery; subscription marked stale' : 'Teams refused delivery; not retried');
      if (e.subscriptionId) {
        await d.health.markStale(e.subscriptionId, outcome.reason, e.conversationKey).catch((err: unknown) => d.logger.error({ ...log, err }, 'could not mark subscription stale'));
      }
      return { next: 'continue' };
    case 'poison':
      await park(outcome.reason);
      d.logger.error({ ...log, reason: outcome.reason }, 'ALERT outbox entry parked: Teams rejected the request');
      return { next: 'continue' };
  }
}

/** Sends or updates; returns the activity id of a new post. */
async function deliver(d: AttemptDeps, claim: Claim): Promise<string | undefined> {
  const { op, reference, noticeKey } = claim.entry;
  if (op.kind === 'update') {
    const existing = op.activityId ?? (noticeKey ? await d.notices.activityId(noticeKey) : undefined);
    if (existing) {
      await d.messenger.updateCard(reference, existing, op.card as AdaptiveCardV15);
      return undefined;
    }
  }
  const id = op.kind === 'text'
    ? await d.messenger.sendText(reference, op.text, op.mentions)
    : await d.messenger.sendCard(reference, op.card as AdaptiveCardV15, op.kind === 'send' ? op.mentions : undefined);
  // The stock Messenger swallows connector errors (onTurnError) and returns no id: never call that delivered.
  if (!id) throw Object.assign(new Error('Teams returned no activity id'), { code: 'NO_ACTIVITY_ID' });
  return id;
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error(`send timed out after ${ms} ms`), { code: 'TIMEOUT' })), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}
