/**
 * Message extension invokes as Teams sends them (Microsoft Learn, "Link unfurling" and "Respond to
 * search command": `composeExtension/queryLink` with `value.url`, `composeExtension/query` with
 * `commandId`, `parameters` and `queryOptions`), in the envelope of the documented compose-box
 * invoke: `channelData.source.name` "compose", the tenant in `channelData` and `conversation`, a
 * clientInfo entity.
 */
import { Card, TestBot, TestUser, USERS } from './test-bot';

export interface ComposeOptions {
  user?: TestUser;
  conversationId?: string;
  conversationType?: 'personal' | 'groupChat' | 'channel';
  tenantId?: string;
}

export interface MeAttachment {
  contentType: string;
  content: Card & { title?: string; subtitle?: string; text?: string };
  preview?: { contentType: string; content: { title?: string; subtitle?: string; text?: string; tap?: unknown } };
}

export interface ComposeExtensionResult {
  type?: string;
  attachmentLayout?: string;
  attachments?: MeAttachment[];
  text?: string;
  suggestedActions?: { actions: { type: string; value: string }[] };
}

let n = 0;

export function composeActivity(t: TestBot, name: string, value: unknown, o: ComposeOptions = {}): Record<string, unknown> {
  const user = o.user ?? USERS.alice;
  const tenant = o.tenantId ?? 'tenant-1';
  const conversationType = o.conversationType ?? 'channel';
  const now = new Date().toISOString();
  return {
    name, type: 'invoke', timestamp: now, localTimestamp: now, id: `f:compose-${++n}`, channelId: 'msteams', serviceUrl: t.connector.url,
    from: user,
    conversation: {
      isGroup: conversationType !== 'personal', conversationType, tenantId: tenant,
      id: o.conversationId ?? (conversationType === 'channel' ? '19:incidents@thread.tacv2' : 'a:conv-1'),
    },
    recipient: { id: '28:jobops', name: 'JobOps' },
    entities: [{ locale: 'en-US', country: 'US', platform: 'Web', timezone: 'Europe/Berlin', type: 'clientInfo' }],
    channelData: {
      tenant: { id: tenant }, source: { name: 'compose' },
      ...(conversationType === 'channel' ? { team: { id: '19:team@thread.tacv2' }, channel: { id: '19:incidents@thread.tacv2' } } : {}),
    },
    value, locale: 'en-US', localTimezone: 'Europe/Berlin',
  };
}

/** POSTs the invoke; returns the HTTP status and the `composeExtension` Teams would read from the body. */
export async function composeInvoke(t: TestBot, name: string, value: unknown, o: ComposeOptions = {}): Promise<{ status: number; result: ComposeExtensionResult }> {
  const r = await t.post(composeActivity(t, name, value, o));
  const body = r.text ? (JSON.parse(r.text) as { composeExtension?: ComposeExtensionResult }) : {};
  return { status: r.status, result: body.composeExtension ?? {} };
}

export const unfurl = (t: TestBot, url: unknown, o?: ComposeOptions) => composeInvoke(t, 'composeExtension/queryLink', { url }, o);

export function search(t: TestBot, parameters: Record<string, string>, o?: ComposeOptions & { skip?: number }) {
  return composeInvoke(t, 'composeExtension/query', {
    commandId: 'searchJobs',
    parameters: Object.entries(parameters).map(([name, value]) => ({ name, value })),
    queryOptions: { skip: o?.skip ?? 0, count: 25 },
  }, o);
}


/** The Studio link Azure ML writes for a job in one of the emulator's workspaces. */
export function studioLink(job: string, workspace: string, extra = ''): string {
  return `https://ml.azure.com/runs/${job}?wsid=/subscriptions/00000000-0000-0000-0000-000000000000/resourcegroups/jobops-local/workspaces/${workspace}${extra}`;
}
