/** Every text command the bot understands; the manifest's commandLists must match (tested). */
export const COMMAND_NAMES = ['help', 'list', 'show', 'summary', 'cancel', 'rerun', 'outputs', 'audit', 'promote', 'compare', 'approvals', 'subscribe', 'subscriptions', 'unsubscribe', 'mute', 'unmute'] as const;
export type CommandName = (typeof COMMAND_NAMES)[number];

/** Aliases people use for the log summary ("stream" after `az ml job stream`). */
export const SUMMARY_ALIASES = ['summary', 'stream-summary', 'logs', 'summarize'] as const;
