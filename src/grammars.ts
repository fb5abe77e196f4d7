import { ApprovalCommand, approvalGrammar } from './approvals/approval-commands';
import { JobCommand, jobGrammar } from './commands/job-grammar';
import { CompareCommand, compareGrammar } from './compare/compare-command';
import { NotificationCommand, notificationGrammar } from './notifications/notification-grammar';
import { ParseResult } from './text-commands/grammar';
import { closestCommand as closest, commandNames, exampleFor as example, parseCommand } from './text-commands/parse-command';
import { Grammar } from './text-commands/text-command';

/**
 * Every feature's text grammar, in the order the router asks them; app.ts registers the features in this order
 * (and checks it). Pure, so the whole language can be tested, fuzzed and matched against the manifest.
 */
export type Command = JobCommand | CompareCommand | ApprovalCommand | NotificationCommand;
export const GRAMMARS: readonly Grammar<Command>[] = [jobGrammar, compareGrammar, approvalGrammar, notificationGrammar] as readonly Grammar<Command>[];

/** Every text command the bot understands; the manifest's commandLists must match (tested). */
export const COMMAND_NAMES: readonly string[] = commandNames(GRAMMARS);

export const parse = (text: string): ParseResult<Command> => parseCommand(GRAMMARS, text);
export const closestCommand = (word: string): string | undefined => closest(GRAMMARS, word);
export const exampleFor = (name: string): string | undefined => example(GRAMMARS, name);
