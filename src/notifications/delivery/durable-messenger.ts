import { randomUUID } from 'node:crypto';
import { ConversationReference } from 'botbuilder';
import { StoredReference, keyOf } from '../../conversations/conversation-store';
import { Messenger } from '../../conversations/messenger';
import { OutboxWriter } from '../types';

/**
 * The Messenger features use outside a turn (approval outcomes, reminders, cancel follow-ups, updates of posted
 * cards): card updates and messages go through the durable outbox (R5.1), so Teams' limits, Retry-After, backoff and
 * a restart are handled once, by the sender, and nothing is lost when Teams or the process fails mid-way.
 *
 * `sendCard` stays direct: its caller needs the new activity's id at once (an approval card's copies are recorded
 * to be updated later), which a queued send cannot give; its failures reach the caller.
 */
export function createDurableMessenger(outbox: OutboxWriter, direct: Messenger): Messenger {
  const target = (reference: Partial<ConversationReference>): { conversationKey: string; reference: StoredReference } => {
    const id = reference.conversation?.id;
    if (!id) throw new Error('a proactive message needs a conversation id');
    return { conversationKey: keyOf(id), reference: reference as StoredReference };
  };
  return {
    sendCard: (reference, card, mentions) => direct.sendCard(reference, card, mentions),
    async sendText(reference, text, mentions, once) {
      await outbox.enqueue({ dedupeKey: once ? `once|${once}` : `msg|${randomUUID()}`, ...target(reference), op: { kind: 'text', text, ...(mentions?.length ? { mentions } : {}) } });
      return undefined;
    },
    async updateCard(reference, activityId, card) {
      await outbox.enqueue({ dedupeKey: `upd|${randomUUID()}`, ...target(reference), op: { kind: 'update', card, activityId } });
    },
  };
}
