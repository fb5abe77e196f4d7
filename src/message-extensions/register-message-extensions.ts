import { ActivityTypes, MessagingExtensionResult, TurnContext } from 'botbuilder';
import type { Application } from '@microsoft/teams-ai/lib/Application';
import type { TurnState } from '@microsoft/teams-ai/lib/TurnState';
import { Deps, Turn } from '../deps';
import { toUserMessage } from '../shared/to-user-message';
import { turnOf } from '../shared/turn';
import { CachedJobReader } from './job-reader';
import { messageResult, noResult } from './results';
import { searchJobs } from './search-jobs';
import { unfurlLink } from './unfurl-link';

/**
 * The message extension (appPackage/manifest.json `composeExtensions`): Studio link unfurling, and
 * the compose-box job search. The tenant guard in app.ts runs first, so an
 * invoke from another tenant never gets here (403).
 *
 * Registered as plain invoke routes rather than teams-ai's `messageExtensions.query()`, which
 * flattens `parameters` before any handler can check them: a forged non-array would throw there.
 * Here every `value` is validated by its handler.
 */
export function registerMessageExtensions(app: Application<TurnState>, deps: Deps): void {
  const reader = new CachedJobReader(deps);
  const invoke = (name: string, run: (context: TurnContext, turn: Turn) => Promise<MessagingExtensionResult>, onError: (err: unknown, turn: Turn) => MessagingExtensionResult): void => {
    app.addRoute(
      async (context) => context.activity.type === ActivityTypes.Invoke && context.activity.name === name,
      async (context) => {
        const turn = turnOf(context);
        let result: MessagingExtensionResult;
        try {
          result = await run(context, turn);
        } catch (err) {
          deps.logger.warn({ err, correlationId: turn.correlationId, invoke: name }, 'message extension request failed');
          result = onError(err, turn);
        }
        await context.sendActivity({ type: ActivityTypes.InvokeResponse, value: { status: 200, body: { composeExtension: result } } });
      },
      true,
    );
  };
  // An unfurl that fails shows the plain link, never an error in someone's compose box.
  invoke('composeExtension/queryLink', (c, turn) => unfurlLink(deps, reader, turn, (c.activity.value as { url?: unknown } | undefined)?.url), () => noResult());
  const explain = (err: unknown, turn: Turn): MessagingExtensionResult => messageResult(toUserMessage(err, { operation: 'search jobs', correlationId: turn.correlationId }));
  invoke('composeExtension/query', (c, turn) => searchJobs(deps, turn, c.activity.value), explain);
}
