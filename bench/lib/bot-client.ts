/**
 * Talks to the bot exactly as Teams does: one POST /api/messages per activity with deliveryMode "expectReplies",
 * so the replies come back in the HTTP response and no connector is involved.
 */
export interface Activity {
  type: string;
  text?: string;
  attachments?: { contentType: string; content: unknown }[];
}

export interface BotUser {
  id: string;
  name: string;
  aadObjectId: string;
}

/** Alice is an operator of every workspace in env/jobops.local.json, so cancel is allowed. */
export const ALICE: BotUser = { id: '29:alice', name: 'Alice Operator', aadObjectId: '00000000-0000-0000-0000-0000000000a1' };

export class BotClient {
  private n = 0;

  constructor(private readonly url: string, private readonly conversationId: string, private readonly user: BotUser = ALICE) {}

  private envelope(): Record<string, unknown> {
    return {
      channelId: 'msteams',
      // Never called with expectReplies; a closed loopback port makes any accidental call fail fast.
      serviceUrl: 'http://127.0.0.1:9/unused',
      from: this.user,
      recipient: { id: '28:jobops', name: 'JobOps' },
      conversation: { id: this.conversationId, conversationType: 'personal', tenantId: 'tenant-1' },
      channelData: { tenant: { id: 'tenant-1' } },
      locale: 'en-US',
    };
  }

  private async post(body: Record<string, unknown>): Promise<unknown> {
    const res = await fetch(`${this.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const text = await res.text();
    if (res.status !== 200) throw new Error(`bot answered ${res.status}: ${text.slice(0, 300)}`);
    return text ? (JSON.parse(text) as unknown) : {};
  }

  async send(text: string): Promise<Activity[]> {
    const id = `${this.conversationId}-msg-${++this.n}`;
    const r = (await this.post({ type: 'message', id, text, deliveryMode: 'expectReplies', ...this.envelope() })) as { activities?: Activity[] };
    return r.activities ?? [];
  }

  /** An Action.Execute press; returns the card the invoke answered with. */
  async invoke(verb: string, data: unknown): Promise<unknown> {
    const id = `${this.conversationId}-inv-${++this.n}`;
    const body = { type: 'invoke', name: 'adaptiveCard/action', id, replyToId: 'card-1', ...this.envelope(), value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' } };
    const r = (await this.post(body)) as { statusCode?: number; value?: unknown };
    if (r.statusCode !== undefined && r.statusCode !== 200) throw new Error(`invoke ${verb} answered ${r.statusCode}: ${JSON.stringify(r).slice(0, 300)}`);
    return r.value;
  }
}

// One copy of "read a reply like a person": shared with the integration harness.
export { cardActions, cardText, firstCard } from '../../test/helpers/card-reading';
