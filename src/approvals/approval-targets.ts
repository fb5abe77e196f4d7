import { WorkspaceConfig } from '../config';
import { Deps } from '../deps';
import { StoredReference } from '../conversations/conversation-store';

export interface Targets {
  /** Post the card in the conversation where the request was made. */
  here: boolean;
  /** Other conversations that get the card (approval channel, approvers' personal chats). */
  elsewhere: { reference: StoredReference; label: string }[];
  approvers: { aadObjectId: string; name: string; teamsId?: string }[];
}

/**
 * Where approvers can see a request: the conversation itself unless it is a personal chat,
 * plus the workspace's approval channel; from a personal chat, the channel or else each
 * approver's own chat with the bot. Empty = nowhere, and the request is refused.
 */
export async function findTargets(deps: Deps, ws: WorkspaceConfig, conversationType: string | undefined): Promise<Targets> {
  const approvers = await Promise.all(
    (ws.approvers ?? []).map(async (aad) => {
      const u = await deps.conversations.user(aad);
      return { aadObjectId: aad, name: u?.name ?? 'approver', teamsId: u?.id, personal: u?.personal as StoredReference | undefined };
    }),
  );
  const channel = await deps.conversations.approvalChannel(ws.alias);
  const here = conversationType !== 'personal';
  const elsewhere: Targets['elsewhere'] = [];
  if (channel) elsewhere.push({ reference: channel, label: 'the approval channel' });
  else if (!here) for (const a of approvers) if (a.personal) elsewhere.push({ reference: a.personal, label: `${a.name}'s chat` });
  return { here, elsewhere, approvers: approvers.map(({ aadObjectId, name, teamsId }) => ({ aadObjectId, name, teamsId })) };
}
