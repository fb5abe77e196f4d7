import { Logger } from 'pino';
import { HandleStore } from '../actions/handle-store';
import { ApprovalStore } from '../approvals/approval-store';
import { RetentionConfig } from '../config';
import { EventInbox } from '../notifications/intake/event-inbox';
import { MuteStore } from '../notifications/mute-store';
import { StoreNoticeIndex } from '../notifications/notice-index';
import { Notifier } from '../notifications/notifier';
import { Outbox } from '../notifications/outbox';
import { AuditLog } from '../shared/audit-log';
import { ExpiryIndex } from '../storage/expiry-index';
import { Store } from '../storage/store';
import { expiryTask } from './expiry-task';
import { RetentionSweeper } from './retention-sweeper';

/** The stores whose old rows the sweeper deletes; the table in docs/storage.md lists the same, row by row. */
export interface Retained {
  handles: HandleStore;
  audit: AuditLog;
  approvals: ApprovalStore;
  mutes: MuteStore;
  notifier: Notifier;
  notices: StoreNoticeIndex;
  /** The sender's outbox: the one that settles entries sent or parked. */
  outbox: Outbox;
  inbox: EventInbox;
}

/**
 * One sweeper for every collection with a retention: handles and the audit log sweep their own expiry-ordered
 * keys; everything keyed for another reason is found through the shared expiry index. Collections not named here
 * are bounded by configuration or clean up after themselves (docs/storage.md).
 */
export function createRetentionSweeper(store: Store, index: ExpiryIndex, r: Retained, config: RetentionConfig, now: () => Date, logger: Logger): RetentionSweeper {
  const handlers = {
    observed: (k: string) => r.notifier.observed.expire(k),
    storms: (k: string) => r.notifier.storms.expire(k),
    notices: (k: string) => r.notices.expire(k),
    mutes: (k: string) => r.mutes.expire(k),
    outbox: (k: string) => r.outbox.expire(k),
    approvals: (k: string) => r.approvals.expire(k),
    eventinbox: (k: string) => r.inbox.expire(k),
  };
  return new RetentionSweeper({ store, now, logger, everyMs: config.sweepEveryMs, tasks: [r.handles.sweep, r.audit.sweep, expiryTask(index, handlers, logger)] });
}
