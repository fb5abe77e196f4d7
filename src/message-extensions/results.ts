import { Attachment, CardFactory, MessagingExtensionAttachment, MessagingExtensionResult } from 'botbuilder';
import { Job } from '../azureml/types';
import { humanDuration, plain, truncate } from '../cards/format';
import { statusLabel } from '../cards/status-text';
import { AdaptiveCardV15 } from '../cards/types';

/**
 * The `composeExtension` answers Teams understands (Microsoft Learn, "Respond to search command" and
 * "Link unfurling"): `result` with attachments, each an Adaptive Card with a Thumbnail card `preview`
 * (required for Adaptive Cards), or `message` with plain text.
 */

/** A job card to insert, with the one-line preview Teams shows in the compose box or the result list. */
export function cardAttachment(content: AdaptiveCardV15, preview: Attachment): MessagingExtensionAttachment {
  return { ...CardFactory.adaptiveCard(content), preview };
}

export function jobPreview(job: Job, workspaceAlias: string, now: Date): Attachment {
  const age = job.createdAt ? `${humanDuration(now.getTime() - job.createdAt.getTime())} old` : undefined;
  const text = [plain(job.type, 40), plain(job.experiment, 60), job.submitter && plain(job.submitter, 40), age].filter(Boolean).join(' · ');
  return thumbnail(truncate(job.name, 120), `${statusLabel(job.status)} · ${workspaceAlias}`, text);
}

/**
 * The card of a pasted link, declared Adaptive Card 1.3: Microsoft's link unfurling page says "Link unfurling
 * supports Adaptive Cards version 1.3 and earlier" (learn.microsoft.com/microsoftteams/platform/messaging-extensions/
 * how-to/link-unfurling), while Universal Actions are documented for bot-sent cards and search-based message
 * extensions. The card uses nothing newer than 1.3 but its Action.Execute buttons, and each of those carries an
 * Action.Submit `fallback` (Microsoft's backward-compatibility advice), so a client that does not render
 * Action.Execute on a 1.3 card still shows working buttons, answered by the same handler and checks.
 */
export function unfurlCard(content: AdaptiveCardV15): AdaptiveCardV15 {
  return { ...content, version: '1.3' };
}

/** No `tap`: choosing a result inserts its own card (a tap would ask for a selectItem round trip instead). */
export function thumbnail(title: string, subtitle: string, text: string): Attachment {
  return CardFactory.thumbnailCard(title, text, undefined, undefined, { subtitle });
}

/**
 * A live job card: Teams would otherwise keep an unfurl for 30 minutes, long after the status changed
 * (Learn: "Remove link unfurling cache"). Our own cache bounds what that costs Azure.
 */
export function unfurlResult(attachment: MessagingExtensionAttachment): MessagingExtensionResult {
  return {
    type: 'result', attachmentLayout: 'list', attachments: [attachment],
    suggestedActions: { actions: [{ type: 'setCachePolicy', title: 'no-cache', value: JSON.stringify({ type: 'no-cache' }) }] },
  };
}

export function listResult(attachments: MessagingExtensionAttachment[]): MessagingExtensionResult {
  return { type: 'result', attachmentLayout: 'list', attachments };
}

/** Nothing to show: Teams then keeps the plain link (for an unfurl) or an empty list. */
export function noResult(): MessagingExtensionResult {
  return listResult([]);
}

/** Teams shows `message` answers as plain text in the result pane (no Markdown). */
export function messageResult(text: string): MessagingExtensionResult {
  return { type: 'message', text };
}
