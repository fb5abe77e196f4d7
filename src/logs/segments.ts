/**
 * A whole log can arrive as one line: a JSON string ("stackTrace": "…\nValueError: …"), a Python repr of
 * `service.get_logs()`, a Kubernetes log record. Such a line is cut at its escaped newlines so that each escaped
 * line is classified on its own (a traceback inside is read as a traceback); evidence still shows the real line.
 */
const ESCAPED_NEWLINE = /(?:\\r)?\\n/;
const MIN_ESCAPED = 2;

/** The escaped lines of `line`, each at most `max` long; `[line]` (clipped) when it holds none. */
export function segmentsOf(line: string, max: number): string[] {
  if (line.length < 120 || countEscapes(line, MIN_ESCAPED) < MIN_ESCAPED) return [line.length > max ? line.slice(0, max) : line];
  // Inside a JSON string quotes are escaped too: a frame reads `File \"x.py\"` until they are undone.
  return line
    .split(ESCAPED_NEWLINE)
    .filter((s) => s.trim().length > 0)
    .map((s) => s.replace(/\\(["\\])/g, '$1'))
    .map((s) => (s.length > max ? s.slice(0, max) : s));
}

function countEscapes(line: string, enough: number): number {
  let n = 0;
  for (let at = line.indexOf('\\n'); at >= 0 && n < enough; at = line.indexOf('\\n', at + 2)) n += 1;
  return n;
}
