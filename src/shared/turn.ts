import { ConversationReference, TurnContext } from 'botbuilder';
import { Turn } from '../deps';
import { newCorrelationId } from './errors';

/** One Turn per TurnContext: the guards, the commands and the card actions of a turn share its correlation id. */
const turns = new WeakMap<TurnContext, Turn>();

/** Identity and place of a turn, from the activity only (R3.1); the adapter has authenticated it. */
export function turnOf(context: TurnContext): Turn {
  let t = turns.get(context);
  if (!t) {
    t = readTurn(context);
    turns.set(context, t);
  }
  return t;
}

function readTurn(context: TurnContext): Turn {
  const a = context.activity;
  return {
    actor: { id: a.from?.id ?? 'unknown', name: (a.from?.name ?? 'someone').slice(0, 120), aadObjectId: a.from?.aadObjectId },
    conversationId: a.conversation?.id ?? 'unknown',
    correlationId: newCorrelationId(),
  };
}

/** teams-ai strips the bot's own mention; other markup (HTML from Teams) must not reach the parser. */
export function commandText(context: TurnContext): string {
  const raw = typeof context.activity.text === 'string' ? context.activity.text : '';
  return raw
    .replace(/<at>[^<]*<\/at>/gi, ' ')
    .replace(/<[^>]{0,200}>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .trim();
}

export function tenantOf(context: TurnContext): string | undefined {
  const a = context.activity;
  const fromChannel = (a.channelData as { tenant?: { id?: unknown } } | undefined)?.tenant?.id;
  return typeof fromChannel === 'string' ? fromChannel : a.conversation?.tenantId;
}

/** A channel thread id (`<channel>;messageid=<root>`) without its thread part; other ids unchanged. */
export function channelIdOf(conversationId: string): string {
  return conversationId.split(';')[0] ?? conversationId;
}

/**
 * A Teams channel thread's id is `<channel>;messageid=<root>`; a card posted at the channel root
 * is answered from its own new thread. Handles bound to a channel match any thread of it.
 */
export function sameConversation(a: string, b: string): boolean {
  return a === b || (channelIdOf(a) === channelIdOf(b) && a.startsWith('19:'));
}

/** For proactive posts to a channel: its root, so each post starts a new thread instead of replying in one. */
export function channelRoot<R extends { conversation?: { id?: string; conversationType?: string } }>(reference: R): R {
  const conversation = reference.conversation;
  if (conversation?.conversationType !== 'channel' || !conversation.id) return reference;
  return { ...reference, conversation: { ...conversation, id: channelIdOf(conversation.id) } };
}

/** Where the card whose button was pressed lives, so work that outlives the turn can update it in place. */
export interface CardPlace {
  reference: Partial<ConversationReference>;
  /** The card's message id (an invoke's replyToId); absent when the client did not say. */
  activityId?: string;
}

export function cardPlaceOf(context: TurnContext): CardPlace {
  const reference = TurnContext.getConversationReference(context.activity);
  const activityId = context.activity.replyToId || undefined;
  // A follow-up answers the card's message (its thread in a channel), not the invoke.
  return { reference: activityId ? { ...reference, activityId } : reference, activityId };
}
