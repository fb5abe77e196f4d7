import { Logger } from 'pino';
import { Telemetry } from './shared/telemetry';
import { HandleStore } from './actions/handle-store';
import { AuditLog } from './shared/audit-log';
import { AzureMlClient } from './azureml/azureml-client';
import { Config } from './config';
import { ComputeContext } from './jobs/compute-context';
import { ApprovalStore } from './approvals/approval-store';
import { ConversationStore } from './conversations/conversation-store';
import { Messenger } from './conversations/messenger';
import { MuteStore } from './notifications/mute-store';
import { SubscriptionStore } from './notifications/subscription-store';

/** Everything a feature may use, built once by the composition root (src/index.ts). */
export interface Deps {
  config: Config;
  azureml: AzureMlClient;
  handles: HandleStore;
  audit: AuditLog;
  approvals: ApprovalStore;
  conversations: ConversationStore;
  messenger: Messenger;
  subscriptions: SubscriptionStore;
  mutes: MuteStore;
  /** Compute, quota and VM size reads with a short per-workspace cache (why queued, cost so far). */
  computeContext: ComputeContext;
  logger: Logger;
  now: () => Date;
  /** Azure Monitor metrics (issue 13); absent or a no-op without APPLICATIONINSIGHTS_CONNECTION_STRING. */
  telemetry?: Telemetry;
}

/** Who is acting, from the (authenticated, tenant-checked) activity only (R3.1). */
export interface Actor {
  id: string;
  name: string;
  aadObjectId?: string;
}

/** Where a command came from; handles are bound to it so a card cannot be replayed elsewhere. */
export interface Turn {
  actor: Actor;
  conversationId: string;
  correlationId: string;
}
