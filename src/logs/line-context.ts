/** Reading the lines around a candidate line, in the raw bytes the analyzer scans (bounded, never the whole log). */
import { MESSAGE_LINE } from './error-codes';

/** How much of a neighbouring line is decoded. */
const MAX_LINE = 8192;

/**
 * The next line after `from` (the index of a line's end) if it is a list item or a value of reasonable length, else
 * undefined. SDK v1 puts a whole error on the line under its heading (`\tMessage: … {'code': …}`), often a few hundred
 * characters; past 2,000 it is a dump, not a message.
 */
export function nextLine(bytes: Buffer, from: number): string | undefined {
  if (from >= bytes.length) return undefined;
  let end = bytes.indexOf(10, from + 1);
  if (end < 0) end = bytes.length;
  if (end - from > 2_000) return undefined;
  const line = bytes.toString('utf8', from + 1, end).replace(/\r$/, '');
  return /^\s*(?:-\s+)?\S/.test(line) && line.trim().length > 0 ? line : undefined;
}

/**
 * The message line of the error whose code line spans [start, end): the nearest `"message": …` or `Message: …`
 * within ten lines before (an innerError's or a detail's code sits below its error's message) or after it.
 */
export function siblingMessage(bytes: Buffer, start: number, end: number): string | undefined {
  const lines: string[] = [];
  let at = start - 1;
  for (let i = 0; i < 10 && at > 0; i++) {
    const from = bytes.lastIndexOf(10, at - 1) + 1;
    lines.push(bytes.toString('utf8', from, Math.min(at, from + MAX_LINE)).replace(/\r$/, ''));
    at = from - 1;
  }
  const before = lines.find((l) => MESSAGE_LINE.test(l));
  let from = end + 1;
  for (let i = 0; i < 3 && from < bytes.length; i++) {
    let to = bytes.indexOf(10, from);
    if (to < 0) to = bytes.length;
    const l = bytes.toString('utf8', from, Math.min(to, from + MAX_LINE)).replace(/\r$/, '');
    if (MESSAGE_LINE.test(l)) return before !== undefined && lines.indexOf(before) < i ? before : l;
    from = to + 1;
  }
  return before;
}

/** Up to `n` lines before the line starting at `start`, for the traceback frame that raised an exception. */
export function previousLines(bytes: Buffer, start: number, n: number): string {
  let from = start - 1;
  for (let i = 0; i < n && from > 0; i++) from = bytes.lastIndexOf(10, from - 1);
  const begin = Math.max(0, from + 1, start - 4096);
  return bytes.toString('utf8', begin, Math.max(begin, start - 1));
}

