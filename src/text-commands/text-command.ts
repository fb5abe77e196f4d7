import { TurnContext } from 'botbuilder';
import { AdaptiveCardV15 } from '../cards/types';
import { Turn } from '../deps';
import { ParseResult } from './grammar';

/** A parsed command: each feature's own union, told apart by `kind`. */
export interface ParsedCommand {
  kind: string;
}

/** One feature's words: pure, so the whole grammar can be tested and fuzzed without a bot. */
export interface Grammar<C extends ParsedCommand> {
  /** The verbs as help and the manifest name them; typos are matched against these. */
  names: readonly string[];
  /** Other verbs people type for one of the names (`ls`, `stream-summary`), also matched for typos. */
  aliases?: Readonly<Record<string, string>>;
  /** One example per name, shown when a command is incomplete or mistyped. */
  examples: Readonly<Record<string, string>>;
  /** undefined: not this feature's verb. */
  parse(verb: string, words: string[]): ParseResult<C> | undefined;
}

/** A card, a line of text, or nothing (the handler replied itself, or posted elsewhere). */
export type Reply = AdaptiveCardV15 | string | undefined;

/** How a failed command is explained: what we tried, and the permission it needed. */
export interface FailureWording {
  operation: string;
  permission?: string;
}

/** A feature's text commands: its grammar and what it does with them. Registered by the feature itself. */
export interface TextCommandFeature<C extends ParsedCommand = ParsedCommand> {
  grammar: Grammar<C>;
  run(context: TurnContext, turn: Turn, cmd: C): Promise<Reply>;
  failure?(cmd: C): FailureWording;
}
