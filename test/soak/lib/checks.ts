/** What the soak and fault runs assert on replies, memory samples and logs. */

/** Text a person would read in a reply: message text and every card string that is shown (not ids, urls or data). */
export function visibleStrings(x: unknown, out: string[] = []): string[] {
  const SHOWN = new Set(['text', 'title', 'value', 'label', 'placeholder', 'altText', 'fallbackText', 'summary', 'errorMessage']);
  const walk = (v: unknown, key: string | undefined): void => {
    if (typeof v === 'string') {
      if (key && SHOWN.has(key)) out.push(v);
    } else if (Array.isArray(v)) v.forEach((e) => walk(e, key));
    else if (v && typeof v === 'object') {
      for (const [k, e] of Object.entries(v as Record<string, unknown>)) if (k !== 'data' && k !== 'refresh') walk(e, k);
    }
  };
  walk(x, undefined);
  return out;
}

const BROKEN: { name: string; re: RegExp }[] = [
  { name: 'undefined', re: /\bundefined\b/ },
  // The seeded scenario has a real-looking failure text "dropping NaN labels"; NaN anywhere else is a formatting bug.
  { name: 'NaN', re: /\bNaN\b(?! labels)/ },
  { name: '[object Object]', re: /\[object Object\]/ },
  { name: 'stack trace', re: /\n\s*at .+\(?.*:\d+:\d+\)?|\bat (?:async )?[\w.<>]+ \(.*\.(?:ts|js):\d+:\d+\)/ },
  { name: 'error class name', re: /\b(?:TypeError|ReferenceError|RestError|SyntaxError)\b/ },
  { name: 'Invalid Date', re: /Invalid Date/ },
];

/** Names of the breakages found in a reply's visible text (empty = fine). */
export function brokenText(reply: unknown): { kind: string; sample: string }[] {
  const found: { kind: string; sample: string }[] = [];
  for (const s of visibleStrings(reply)) for (const b of BROKEN) if (b.re.test(s)) found.push({ kind: b.name, sample: s.slice(0, 200) });
  return found;
}

/** Least-squares slope of y over x, with the fitted change across the x range. */
export function slope(points: { x: number; y: number }[]): { slope: number; fittedChange: number; n: number } {
  const n = points.length;
  if (n < 2) return { slope: 0, fittedChange: 0, n };
  const mx = points.reduce((a, p) => a + p.x, 0) / n;
  const my = points.reduce((a, p) => a + p.y, 0) / n;
  let num = 0;
  let den = 0;
  for (const p of points) {
    num += (p.x - mx) * (p.y - my);
    den += (p.x - mx) ** 2;
  }
  const s = den === 0 ? 0 : num / den;
  const xs = points.map((p) => p.x);
  return { slope: s, fittedChange: s * (Math.max(...xs) - Math.min(...xs)), n };
}

/** Lines of a log that contain any of the secrets, or a bearer token that was not redacted. */
export function secretHits(lines: string[], secrets: string[]): { secret: string; line: string }[] {
  const hits: { secret: string; line: string }[] = [];
  const bearer = /bearer\s+(?!\[redacted\])[A-Za-z0-9\-._~+/]{6,}=*/i;
  for (const line of lines) {
    for (const s of secrets) if (s && line.includes(s)) hits.push({ secret: `${s.slice(0, 4)}…`, line: line.slice(0, 300) });
    const m = bearer.exec(line);
    if (m) hits.push({ secret: 'bearer token', line: line.slice(0, 300) });
  }
  return hits;
}

export const MiB = 1024 * 1024;
