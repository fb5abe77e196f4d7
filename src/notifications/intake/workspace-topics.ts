import { WorkspaceConfig } from '../../config';

/** The ARM id Event Grid puts in `topic` (Event Grid schema) or `source` (CloudEvents) for a workspace. */
export function workspaceTopic(ws: Pick<WorkspaceConfig, 'subscriptionId' | 'resourceGroup' | 'workspace'>): string {
  return `/subscriptions/${ws.subscriptionId}/resourceGroups/${ws.resourceGroup}/providers/Microsoft.MachineLearningServices/workspaces/${ws.workspace}`;
}

/**
 * Topic → workspace alias for the configured workspaces only (R4.2). ARM ids are case-insensitive and Azure is not
 * consistent about their casing (resourcegroups vs resourceGroups), so the lookup key is lower-cased.
 */
export class TopicMap {
  private readonly byTopic = new Map<string, string>();

  constructor(workspaces: Record<string, WorkspaceConfig>) {
    for (const ws of Object.values(workspaces)) this.byTopic.set(workspaceTopic(ws).toLowerCase(), ws.alias);
  }

  aliasOf(topic: string): string | undefined {
    return this.byTopic.get(topic.replace(/\/+$/, '').toLowerCase());
  }
}
