/** Longest headline we emit: it must fit one line of a Teams card. */
export const HEADLINE_MAX = 160;

// Timestamps, log levels and stream tags that loggers put in front of the message.
const PREFIX =
  /^(?:\s*(?:\[[^\]]{1,80}\]|\d{4}-\d\d-\d\d[T ][\d:.,]+(?:Z|[+-]\d\d:?\d\d)?|\d\d:\d\d:\d\d(?:[.,]\d+)?|(?:DEBUG|INFO|WARNING|WARN|ERROR|CRITICAL|FATAL)\b:?|std(?:out|err)\s*[:|>]|-\s)\s*)+/;

// A JSON or dict member whose value is the message: "Message":"cluster x does not exist",
const JSON_MEMBER = /^\s*["']?\w+["']?\s*:\s*["'](.+?)["']\s*,?\s*$/;

const INLINE_MESSAGE = /(["'])[Mm]essage\1\s*:\s*(["'])((?:(?!\2)[^\\]|\\.){8,})\2/g;
/** A bound on the messages looked at in one line (a huge line is evidence, not a reason to loop long). */
const MAX_INLINE_MESSAGES = 16;

/** Drops log prefixes so the message itself starts the line. */
export function stripLogPrefix(line: string): string {
  return line.replace(PREFIX, '');
}

export function clip(text: string, max = HEADLINE_MAX): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length <= max ? oneLine : `${oneLine.slice(0, max - 1).trimEnd()}…`;
}

/**
 * Turns an evidence line into a one-line headline. `from` picks where the
 * interesting part starts (its capture groups are joined, or the whole match
 * is used), so wrappers like "Run failed: User program failed with X" read as X.
 */
export function makeHeadline(line: string, from: readonly RegExp[] = []): string {
  for (const re of from) {
    const m = re.exec(line);
    if (m) {
      const groups = m.slice(1).filter((g): g is string => typeof g === 'string' && g.length > 0);
      const picked = groups.length > 0 ? groups.join(' ') : m[0];
      if (picked.trim().length > 0) return clip(endOfJsonString(picked));
    }
  }
  const member = JSON_MEMBER.exec(line);
  if (member?.[1]) return clip(member[1]);
  // The SDK's "Code: X" / "Message: Y" printout: the message itself is the headline.
  const message = /^\s*(?:Error )?Message:\s*(\S.*)$/.exec(stripLogPrefix(line));
  if (message?.[1]) return clip(message[1]);
  // A one-line JSON error body (also inside a wrapper, `Content: b'{…}'`): its "message" says more than the braces,
  // and like its codes, its messages nest from general to specific (details, innerError): the last one is the cause.
  let inline: RegExpExecArray | null = null;
  INLINE_MESSAGE.lastIndex = 0;
  for (let m: RegExpExecArray | null, i = 0; i < MAX_INLINE_MESSAGES && (m = INLINE_MESSAGE.exec(line)) !== null; i++) inline = m;
  if (inline?.[3]) return clip(inline[3]);
  // Azure's coarse codes in front of a message ("UserError: This request is not authorized…") say who is blamed, not what failed.
  return clip(stripLogPrefix(line).replace(/^(?:UserError|SystemError|Error):\s+(?=\S)/, ''));
}

/**
 * A headline cut out of a JSON string value ("message": "User program failed with X: y", …) ends where the value
 * ends: at the closing quote before the next member or brace, not at the end of the line.
 */
function endOfJsonString(text: string): string {
  const end = /(?<!\\)(?:\\?"\s*,\s*\\?"|\\?"\s*[}\]]|"\s*,?\s*$)/.exec(text);
  return end && end.index > 0 ? text.slice(0, end.index) : text;
}
