import { Activity, CardFactory, CloudAdapter, ConversationReference, MessageFactory, TurnContext } from 'botbuilder';
import { AdaptiveCardV15 } from '../cards/types';

export interface Mention {
  /** AAD object id or Teams user id. */
  id: string;
  name: string;
}

/** Proactive sends and in-place updates, the only way features reach a conversation outside a turn. */
export interface Messenger {
  sendCard(reference: Partial<ConversationReference>, card: AdaptiveCardV15, mentions?: Mention[]): Promise<string | undefined>;
  /** `once`: a key that makes a repeated call a no-op where the Messenger is durable (the same outcome told twice). */
  sendText(reference: Partial<ConversationReference>, text: string, mentions?: Mention[], once?: string): Promise<string | undefined>;
  updateCard(reference: Partial<ConversationReference>, activityId: string, card: AdaptiveCardV15): Promise<void>;
}

export function mentionText(m: Mention): string {
  return `<at>${m.name}</at>`;
}

/** The entities Teams needs to turn `<at>Name</at>` into a real mention. */
export function mentionEntities(mentions: Mention[]): Activity['entities'] {
  return mentions.map((m) => ({ type: 'mention', text: mentionText(m), mentioned: { id: m.id, name: m.name } }));
}

export function cardActivity(card: AdaptiveCardV15, mentions: Mention[] = []): Partial<Activity> {
  const a = MessageFactory.attachment(CardFactory.adaptiveCard(card));
  if (mentions.length) {
    a.text = mentions.map(mentionText).join(' ');
    a.entities = mentionEntities(mentions);
  }
  return a;
}

export function createMessenger(adapter: CloudAdapter, botAppId: string): Messenger {
  /**
   * An error thrown inside continueConversationAsync's callback goes to the adapter's onTurnError,
   * which logs and swallows it: carried out here instead, so callers know a send or update failed.
   */
  const run = async <T>(reference: Partial<ConversationReference>, logic: (ctx: TurnContext) => Promise<T>): Promise<T | undefined> => {
    let failure: { error: unknown } | undefined;
    let result: T | undefined;
    await adapter.continueConversationAsync(botAppId, reference, async (ctx) => {
      try {
        result = await logic(ctx);
      } catch (error) {
        failure = { error };
      }
    });
    if (failure) throw failure.error;
    return result;
  };
  const send = (reference: Partial<ConversationReference>, activity: Partial<Activity>): Promise<string | undefined> =>
    run(reference, async (ctx) => (await ctx.sendActivity(activity))?.id);
  return {
    sendCard: (reference, card, mentions) => send(reference, cardActivity(card, mentions)),
    sendText: (reference, text, mentions = []) => send(reference, { type: 'message', text, entities: mentionEntities(mentions) }),
    async updateCard(reference, activityId, card) {
      await run(reference, async (ctx) => {
        const update = MessageFactory.attachment(CardFactory.adaptiveCard(card));
        update.id = activityId;
        await ctx.updateActivity(update);
      });
    },
  };
}
