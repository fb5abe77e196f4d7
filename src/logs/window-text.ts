/**
 * Where the first whole line of a byte window starts. A window that begins
 * mid-file may begin mid-line and mid-character; cutting after the first
 * newline fixes both, since 0x0A never occurs inside a UTF-8 sequence.
 */
export function firstWholeLine(bytes: Buffer, startsMidFile: boolean): number {
  if (!startsMidFile) return 0;
  const nl = bytes.indexOf(10);
  return nl < 0 ? bytes.length : nl + 1;
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
