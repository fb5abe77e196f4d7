/**
 * Decodes a byte window that may start in the middle of a line (and of a
 * UTF-8 character). Cutting after the first newline fixes both at once: 0x0A
 * never occurs inside a multi-byte UTF-8 sequence.
 */
export function decodeWindow(bytes: Buffer, startsMidFile: boolean): string {
  let from = 0;
  if (startsMidFile) {
    const nl = bytes.indexOf(10);
    if (nl >= 0) from = nl + 1;
    else {
      // One enormous line: still skip continuation bytes of a split character.
      while (from < bytes.length && ((bytes[from] ?? 0) & 0xc0) === 0x80) from++;
    }
  }
  return bytes.toString('utf8', from);
}

// A frame line ("  File "x.py", line 3") or .NET frame ("   at X.Y()") before any traceback start.
const FRAME = /^[ \t]+(?:File "|at [\w.<>`]+[.(])/m;
const TRACEBACK_START = /Traceback \(most recent call last\)|Unhandled exception\./;
const CHAINED = /During handling of the above exception|The above exception was the direct cause/;

/** True when the window opens inside a traceback, so its start (or first cause) lies further back. */
export function opensMidTraceback(text: string): boolean {
  const frame = FRAME.exec(text);
  if (!frame) return false;
  const head = text.slice(0, frame.index);
  if (TRACEBACK_START.test(head)) {
    const chained = CHAINED.exec(text);
    const tb = TRACEBACK_START.exec(text);
    return chained !== null && tb !== null && chained.index < tb.index;
  }
  return true;
}
