import { Config, WorkspaceConfig } from '../config';
import { Actor } from '../deps';
import { UserError } from '../shared/errors';

export function resolveWorkspace(config: Config, alias: string | undefined): WorkspaceConfig {
  const key = (alias ?? config.defaultWorkspace).toLowerCase();
  const ws = config.workspaces[key];
  if (!ws) {
    const known = Object.keys(config.workspaces).map((a) => `\`${a}\``).join(', ');
    throw new UserError(`I don't know a workspace called \`${key}\`. Workspaces: ${known}.`, 'unknown_workspace');
  }
  return ws;
}

/** `operators` absent = everyone in the tenant may request a cancel (issue #2 config contract). */
export function mayCancel(ws: WorkspaceConfig, actor: Actor): boolean {
  if (!ws.operators) return true;
  return actor.aadObjectId !== undefined && ws.operators.includes(actor.aadObjectId);
}

export function mayCancelAnywhere(config: Config, actor: Actor): boolean {
  return Object.values(config.workspaces).some((ws) => mayCancel(ws, actor));
}
