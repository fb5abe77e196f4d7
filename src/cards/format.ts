/** Text helpers for cards: humanised durations, relative times, safe truncation. */

export function humanDuration(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms) || ms < 0) return '—';
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${s % 60}s`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h}h ${m % 60}m`;
  return `${Math.floor(h / 24)}d ${h % 24}h`;
}

export function relativeTime(d: Date | undefined, now: Date): string {
  if (!d) return '—';
  const diff = now.getTime() - d.getTime();
  const rel = diff >= 0 ? `${humanDuration(diff)} ago` : `in ${humanDuration(-diff)}`;
  return `${rel} (${utc(d)})`;
}

export function utc(d: Date): string {
  return `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

export function truncate(s: string, max: number): string {
  // Control characters are exactly what we strip here.
  // eslint-disable-next-line no-control-regex
  const clean = s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '');
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}

/**
 * Adaptive Card TextBlocks render a subset of Markdown: text from Azure or users must not turn
 * into links (phishing via a job description). Breaking the `](` sequence is enough for that.
 */
export function plain(s: string, max = 500): string {
  return truncate(s, max).replace(/\]\(/g, '] (');
}

/** Code-ish verbatim lines (log evidence) keep their characters; monospace blocks avoid Markdown. */
export function verbatim(s: string, max = 300): string {
  return truncate(s, max);
}
