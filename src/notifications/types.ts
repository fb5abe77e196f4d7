import { Job } from '../azureml/types';
import { AdaptiveCardV15 } from '../cards/types';
import { StoredReference } from '../conversations/conversation-store';

/**
 * The contracts between the parts of notifications:
 *   intake (Event Grid) / poller  →  JobObservation  →  Notifier (dedupe, subscriptions, mutes, cards)
 *   Notifier  →  OutboxItem  →  Outbox (durable)  →  Sender (rate limits, retries)  →  Teams
 */

/** A job's state as re-read from ARM (events are hints, R4.4). */
export interface JobObservation {
  /** Workspace alias from the JobOps config. */
  workspace: string;
  job: Job;
  source: 'event' | 'poll';
  observedAt: Date;
}

export interface JobObserver {
  observe(o: JobObservation): Promise<void>;
}

/** What the sender does with one outbox item. */
export type OutboxOp =
  | { kind: 'send'; card: AdaptiveCardV15; mentions?: { id: string; name: string }[] }
  /**
   * Update `activityId` when given (a card posted in a turn); else the activity recorded for `noticeKey`, and if
   * none was recorded yet, send instead.
   */
  | { kind: 'update'; card: AdaptiveCardV15; activityId?: string }
  /** A plain message (an outcome told to a requester, a reminder). */
  | { kind: 'text'; text: string; mentions?: { id: string; name: string }[] };

export interface OutboxItem {
  /** Create-if-absent key: the same notice is enqueued at most once (R5.1). */
  dedupeKey: string;
  /** Stable id of the conversation (ConversationStore keyOf(conversation.id)). */
  conversationKey: string;
  reference: StoredReference;
  op: OutboxOp;
  /** Where the sent activity id is remembered so later notices for the same thing update it in place. */
  noticeKey?: string;
  /** Subscription to mark stale when Teams answers 403/404 (R5.4). */
  subscriptionId?: string;
}

export interface OutboxWriter {
  /** Durably stores the item before anything is sent; false when the dedupe key already exists. */
  enqueue(item: OutboxItem): Promise<boolean>;
}

/** Remembers the Teams activity id of a posted notice (per conversation and job/parent). */
export interface NoticeIndex {
  activityId(noticeKey: string): Promise<string | undefined>;
  remember(noticeKey: string, activityId: string): Promise<void>;
}

/** Marks a subscription stale after Teams refused delivery (403/404). */
export interface SubscriptionHealth {
  /** The conversation narrows the search to a few rows; without it every subscription of each workspace is read. */
  markStale(subscriptionId: string, reason: string, conversationKey?: string): Promise<void>;
}
