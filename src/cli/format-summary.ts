import { CATEGORY_LABELS, type LogSummary } from '../logs';

function formatCounter(name: string, c: { current: number; total?: number } | undefined): string | undefined {
  if (!c) return undefined;
  return c.total !== undefined ? `${name} ${c.current}/${c.total}` : `${name} ${c.current}`;
}

/** Human-readable rendering of a summary for a terminal. */
export function formatSummary(s: LogSummary): string {
  const out: string[] = [];
  out.push(`Category: ${CATEGORY_LABELS[s.category]} (${s.category})`);
  out.push(`Headline: ${s.headline}`);
  if (s.evidence.length > 0) {
    out.push('Evidence:');
    for (const line of s.evidence) out.push(`  ${line}`);
  }
  if (s.progress) {
    const parts = [
      formatCounter('epoch', s.progress.epoch),
      formatCounter('step', s.progress.step),
      s.progress.percent !== undefined ? `${s.progress.percent}%` : undefined,
    ].filter((p): p is string => p !== undefined);
    out.push(`Progress: ${parts.join(', ')}`);
  }
  if (s.lastLines.length > 0) {
    out.push('Last lines:');
    for (const line of s.lastLines) out.push(`  ${line}`);
  }
  const note = s.truncated ? ' (budget reached before the start of the log)' : '';
  out.push(`Read ${s.bytesRead} of ${s.totalBytes} bytes${note}`);
  return `${out.join('\n')}\n`;
}
