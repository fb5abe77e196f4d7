import { CATEGORY_LABELS, type LogSummary, type TriageVerdict } from '../logs';

function formatCounter(name: string, c: { current: number; total?: number } | undefined): string | undefined {
  if (!c) return undefined;
  return c.total !== undefined ? `${name} ${c.current}/${c.total}` : `${name} ${c.current}`;
}

/** Human-readable rendering of a summary for a terminal. */
export function formatSummary(s: LogSummary, v?: TriageVerdict): string {
  const out: string[] = [];
  out.push(`Category: ${v ? v.categoryLabel : CATEGORY_LABELS[s.category]} (${v?.category ?? s.category})`);
  out.push(`Headline: ${v?.headline ?? s.headline}`);
  if (v && v.category !== 'unknown') out.push(`Next step: ${v.nextStep.text}`, `  ${v.nextStep.learnUrl}`);
  const evidence = v?.evidence ?? s.evidence;
  if (evidence.length > 0) {
    out.push('Evidence:');
    for (const line of evidence) out.push(`  ${line}`);
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

/** A folder's verdict: which files were read, what decided, and the next step. */
export function formatVerdict(v: TriageVerdict, read: readonly string[], primary?: LogSummary): string {
  const out = [`Read: ${read.join(', ') || 'nothing'}`, `Category: ${v.categoryLabel} (${v.category})`, `Headline: ${v.headline}`];
  if (v.decidedBy.length) out.push(`Decided by: ${v.decidedBy.join(', ')}`);
  if (v.category !== 'unknown') out.push(`Next step: ${v.nextStep.text}`, `  ${v.nextStep.learnUrl}`);
  if (v.evidence.length) out.push('Evidence:', ...v.evidence.map((l) => `  ${l}`));
  if (primary?.lastLines.length) out.push('Last lines:', ...primary.lastLines.map((l) => `  ${l}`));
  return `${out.join('\n')}\n`;
}
