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

export function firstCard(activities: Activity[]): unknown {
  const c = activities.flatMap((a) => a.attachments ?? []).find((a) => a.contentType === 'application/vnd.microsoft.card.adaptive');
  if (!c) throw new Error(`no card in replies: ${JSON.stringify(activities).slice(0, 300)}`);
  return c.content;
}

export interface CardAction {
  title: string;
  verb: string;
  data: { h: string; i?: number };
}

/** Every Action.Execute button anywhere in a card. */
export function cardActions(card: unknown): CardAction[] {
  const out: CardAction[] = [];
  const walk = (x: unknown): void => {
    if (Array.isArray(x)) x.forEach(walk);
    else if (x && typeof x === 'object') {
      const o = x as Record<string, unknown>;
      if (o.type === 'Action.Execute') out.push({ title: String(o.title), verb: String(o.verb), data: o.data as CardAction['data'] });
      Object.values(o).forEach(walk);
    }
  };
  walk(card);
  return out;
}

/** All TextBlock texts of a card, to check a reply is the expected one rather than an error card. */
export function cardText(card: unknown): string {
  const out: string[] = [];
  const walk = (x: unknown): void => {
    if (Array.isArray(x)) x.forEach(walk);
    else if (x && typeof x === 'object') {
      const o = x as Record<string, unknown>;
      if (o.type === 'TextBlock' && typeof o.text === 'string') out.push(o.text);
      Object.values(o).forEach(walk);
    }
  };
  walk(card);
  return out.join('\n');
}
