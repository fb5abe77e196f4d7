import { editDistance } from '../jobs/edit-distance';
import { ParseResult, clip, fail, safeError } from './grammar';
import { Grammar, ParsedCommand } from './text-command';

const MAX_TEXT = 2_000;

/**
 * Pure: text → the command of whichever feature's grammar knows its verb, or a helpful error. Grammars are asked
 * in order; the first that knows the verb decides.
 */
export function parseCommand<C extends ParsedCommand>(grammars: readonly Grammar<C>[], input: string): ParseResult<C> {
  return parseCommandAt(grammars, input).result;
}

/** parseCommand, and which grammar knew the verb (its index), so the router can hand the command to its feature. */
export function parseCommandAt<C extends ParsedCommand>(grammars: readonly Grammar<C>[], input: string): { result: ParseResult<C>; grammar?: number } {
  const r = parseText(grammars, input);
  // Every error is echoed into chat: neutralise it once here, so no feature's grammar can put raw control/bidi
  // characters, a Markdown link or a 2,000-character echo in a reply.
  return r.result.ok ? r : { ...r, result: { ...r.result, error: safeError(r.result.error) } };
}

function parseText<C extends ParsedCommand>(grammars: readonly Grammar<C>[], input: string): { result: ParseResult<C>; grammar?: number } {
  const text = input.replace(/\s+/g, ' ').trim();
  if (text === '') return { result: fail('Say a command.', 'help') };
  if (text.length > MAX_TEXT) return { result: fail(`That message is too long for a command (${text.length} characters).`, 'help') };
  const [head = '', ...rest] = text.split(' ');
  const verb = head.toLowerCase();
  for (const [i, g] of grammars.entries()) {
    const r = g.parse(verb, rest);
    if (r) return { result: r, grammar: i };
  }
  const closest = closestCommand(grammars, verb);
  const suggestion = closest ? ` Did you mean \`${closest}\`? For example: \`${exampleFor(grammars, closest)}\`` : ' Try `help`.';
  return { result: { ok: false, error: `I did not understand "${clip(verb)}".${suggestion}`, hint: closest ?? 'help' } };
}

/** Every command name, in the order the grammars list them (help and the manifest show these). */
export function commandNames(grammars: readonly Grammar<ParsedCommand>[]): string[] {
  return grammars.flatMap((g) => [...g.names]);
}

export function exampleFor(grammars: readonly Grammar<ParsedCommand>[], name: string): string | undefined {
  for (const g of grammars) if (g.examples[name] !== undefined) return g.examples[name];
  return undefined;
}

/** Levenshtein over the few command names and their aliases: cheap and good enough for typos like "lsit". */
export function closestCommand(grammars: readonly Grammar<ParsedCommand>[], word: string): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  const candidates = grammars.flatMap((g) => [...g.names.map((n) => [n, n] as const), ...Object.entries(g.aliases ?? {})]);
  for (const [spelling, name] of candidates) {
    const d = editDistance(word.toLowerCase(), spelling);
    if (d < bestD) {
      bestD = d;
      best = name;
    }
  }
  return bestD <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}
