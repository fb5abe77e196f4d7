import { Activity, CloudAdapter, ConversationReference, TurnContext } from 'botbuilder';
import { AdaptiveCardV15 } from '../../cards/types';
import { Messenger, Mention, cardActivity, mentionEntities } from '../../conversations/messenger';

interface PipelineHolder {
  client?: {
    pipeline?: {
      removePolicy(o: { name: string }): unknown;
      addPolicy(p: { name: string; sendRequest(req: { timeout: number }, next: (req: { timeout: number }) => Promise<unknown>): Promise<unknown> }): void;
      getOrderedPolicies(): { name: string }[];
    };
  };
}

const TIMEOUT_POLICY = 'jobopsDeliveryTimeout';

/**
 * A Messenger for the outbox sender. Tried against botbuilder 4.23.3 (see the report of the outbox work):
 *  - the connector client's default pipeline retries 429 (sleeping for Retry-After inside the call) and 5xx on its
 *    own, three times, invisible to us: that would hide the per-conversation pause and count nothing;
 *  - an error thrown inside `continueConversationAsync`'s callback goes to the adapter's onTurnError, which logs it
 *    and swallows it, so the stock Messenger returns `undefined` on a 403 instead of failing.
 * So this one removes the pipeline's retry policy for its own calls, sets a request timeout, and carries the
 * connector's RestError (statusCode, response.headers with Retry-After) out of the callback to the caller.
 */
export function createDeliveryMessenger(adapter: CloudAdapter, botAppId: string, timeoutMs = 30_000): Messenger {
  const run = async <T>(reference: Partial<ConversationReference>, logic: (ctx: TurnContext) => Promise<T>): Promise<T> => {
    let failure: { error: unknown } | undefined;
    let result: T | undefined;
    await adapter.continueConversationAsync(botAppId, reference, async (ctx) => {
      strictPipeline(ctx.turnState.get(ctx.adapter.ConnectorClientKey) as PipelineHolder | undefined, timeoutMs);
      try {
        result = await logic(ctx);
      } catch (error) {
        failure = { error };
      }
    });
    if (failure) throw failure.error;
    return result as T;
  };
  const send = (reference: Partial<ConversationReference>, activity: Partial<Activity>): Promise<string | undefined> =>
    run(reference, async (ctx) => (await ctx.sendActivity(activity))?.id);
  return {
    sendCard: (reference, card: AdaptiveCardV15, mentions?: Mention[]) => send(reference, cardActivity(card, mentions)),
    sendText: (reference, text, mentions = []) => send(reference, { type: 'message', text, entities: mentionEntities(mentions) }),
    async updateCard(reference, activityId, card) {
      await run(reference, async (ctx) => {
        const update = cardActivity(card);
        update.id = activityId;
        await ctx.updateActivity(update);
      });
    },
  };
}

/** The connector client is created per continueConversation call, so changing its pipeline affects only our call. */
function strictPipeline(client: PipelineHolder | undefined, timeoutMs: number): void {
  const pipeline = client?.client?.pipeline;
  if (!pipeline) return;
  pipeline.removePolicy({ name: 'defaultRetryPolicy' });
  if (pipeline.getOrderedPolicies().some((p) => p.name === TIMEOUT_POLICY)) return;
  pipeline.addPolicy({
    name: TIMEOUT_POLICY,
    sendRequest(req, next) {
      req.timeout = timeoutMs;
      return next(req);
    },
  });
}
