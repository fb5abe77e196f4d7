import WebSocket from 'ws';
import { Card } from '../../helpers/test-bot';

/**
 * Drives a real Agents Playground the way its own UI does, without a browser: messages and button presses
 * through its conversation REST API, and everything the bot sends arrives on its WebSocket
 * (teams-facts.md, "Microsoft 365 Agents Playground").
 */
export interface WsMessage {
  action: 'createMessage' | 'updateMessage' | 'typing' | string;
  actionConversationId: string;
  message?: {
    messageId: string;
    from?: { id: string };
    text?: string;
    attachments?: { contentType: string; content: Card }[];
    postConversationId?: string;
  };
}

export interface Mention {
  mentioned: { id: string };
  text: string;
}

export class PlaygroundClient {
  readonly received: WsMessage[] = [];
  private ws?: WebSocket;
  private waiters: (() => void)[] = [];

  constructor(readonly baseUrl: string) {}

  async connect(): Promise<void> {
    const ws = new WebSocket(`${this.baseUrl.replace(/^http/, 'ws')}/_ws_conversation/v1/conversations/stream`);
    ws.on('message', (data) => {
      this.received.push(JSON.parse(String(data)) as WsMessage);
      for (const w of this.waiters.splice(0)) w();
    });
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    this.ws = ws;
  }

  close(): void {
    this.ws?.close();
  }

  /** A user types into a conversation; returns the Playground's id of that message (and of its thread, in a channel). */
  async say(conversationId: string, userId: string, text: string, mentions?: Mention[]): Promise<{ messageId: string; postConversationId?: string }> {
    const res = await fetch(`${this.baseUrl}/_conversation/v1/conversations/${encodeURIComponent(conversationId)}/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ from: { id: userId }, text, textFormat: 'plain', ...(mentions ? { mentions } : {}) }),
    });
    const body = await res.text();
    if (res.status !== 200) throw new Error(`Playground refused the message (${res.status}): ${body}`);
    return JSON.parse(body) as { messageId: string; postConversationId?: string };
  }

  /** A user presses an Action.Execute button (or the client refreshes a card: trigger "automatic"). */
  async press(
    conversationId: string,
    userId: string,
    replyToId: string,
    action: { verb: string; data: unknown },
    trigger: 'manual' | 'automatic' = 'manual',
  ): Promise<{ status: number; body: InvokeResult }> {
    const res = await fetch(`${this.baseUrl}/_conversation/v1/invoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        name: 'adaptiveCard/action',
        from: { id: userId },
        conversation: { id: conversationId },
        replyToId,
        value: { action: { type: 'Action.Execute', verb: action.verb, data: action.data }, trigger },
      }),
    });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as InvokeResult) : {} };
  }

  /** Waits until a WebSocket message after `since` (an index into `received`) matches. */
  async waitFor(what: string, match: (m: WsMessage) => boolean, o: { since?: number; timeoutMs?: number } = {}): Promise<WsMessage> {
    const deadline = Date.now() + (o.timeoutMs ?? 10_000);
    for (;;) {
      const found = this.received.slice(o.since ?? 0).find(match);
      if (found) return found;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${what}; last messages: ${this.describeTail()}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** The next card the bot posts or updates in a conversation (a channel thread counts as its channel). */
  async nextCard(conversationId: string, o: { since?: number; action?: string; text?: RegExp; timeoutMs?: number } = {}): Promise<{ messageId: string; card: Card; conversationId: string }> {
    const m = await this.waitFor(
      `a ${o.action ?? 'createMessage'} card in ${conversationId}${o.text ? ` matching ${o.text}` : ''}`,
      (x) =>
        x.action === (o.action ?? 'createMessage') &&
        x.actionConversationId.split(';')[0] === conversationId.split(';')[0] &&
        cardOf(x) !== undefined &&
        (!o.text || o.text.test(JSON.stringify(cardOf(x)))),
      o,
    );
    // A new channel post arrives on its channel; its buttons are pressed from the post's own thread.
    return { messageId: m.message!.messageId, card: cardOf(m)!, conversationId: m.message!.postConversationId ?? m.actionConversationId };
  }

  get mark(): number {
    return this.received.length;
  }

  private describeTail(): string {
    return JSON.stringify(this.received.slice(-3).map((m) => ({ action: m.action, in: m.actionConversationId, text: m.message?.text, card: JSON.stringify(cardOf(m) ?? '').slice(0, 160) })));
  }
}

export interface InvokeResult {
  statusCode?: number;
  type?: string;
  value?: Card | string;
}

export function cardOf(m: WsMessage): Card | undefined {
  return m.message?.attachments?.find((a) => a.contentType === 'application/vnd.microsoft.card.adaptive')?.content;
}
