import { TurnContext } from 'botbuilder';
import { WorkspaceConfig } from '../config';
import { Turn } from '../deps';

/**
 * How a state-changing request on a production workspace is made: never done directly, always asked of the
 * workspace's approvers. The approvals feature implements it; commands and card actions get it from the
 * composition root, so they never import a peer feature.
 */
export interface ProductionGate {
  requestCancel(context: TurnContext, turn: Turn, ws: WorkspaceConfig, job: string, reason?: string): Promise<void>;
  requestRerun(context: TurnContext, turn: Turn, ws: WorkspaceConfig, job: string, reason?: string): Promise<void>;
}
