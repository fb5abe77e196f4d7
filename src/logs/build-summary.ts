import { LogAnalyzer, type Analysis } from './analyzer';
import { decide, type Verdict } from './verdict';
import type { LogSummary } from './types';

export const DEFAULT_LAST_LINES = 8;

export interface ReadFacts {
  bytesRead: number;
  totalBytes: number;
  truncated: boolean;
  /** The text analysed started at byte 0 of the log. */
  fromStart: boolean;
}

function kb(bytes: number): string {
  return `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

/** Runs the analyzer over bytes made of whole lines; shared by the whole-text and tail-first paths. */
export function analyzeBytes(bytes: Buffer, lastLines: number): Analysis {
  const analyzer = new LogAnalyzer(lastLines);
  analyzer.pushLines(bytes);
  return analyzer.result();
}

/** Assembles the public summary; the headline of a healthy log says how much was looked at. */
export function buildSummary(analysis: Analysis, verdict: Verdict, facts: ReadFacts): LogSummary {
  let headline = verdict.headline;
  if (facts.totalBytes === 0) headline = 'The log is empty';
  else if (!verdict.failed) {
    headline = facts.fromStart
      ? `No failure found in the whole log (${kb(facts.totalBytes)})`
      : `No failure found in the last ${kb(facts.bytesRead)}`;
  } else if (verdict.category === 'unknown' && headline === '') headline = 'Failure signals found but no recognisable cause';
  const summary: LogSummary = {
    category: verdict.category,
    headline,
    likely: verdict.failed && verdict.weak,
    ...(verdict.signal ? { signal: verdict.signal } : {}),
    evidence: verdict.evidence,
    lastLines: analysis.lastLines,
    bytesRead: facts.bytesRead,
    totalBytes: facts.totalBytes,
    truncated: facts.truncated,
  };
  if (analysis.progress) summary.progress = analysis.progress;
  return summary;
}

/** Summarizes a whole log already in memory. */
export function summarizeText(text: string, opts: { lastLines?: number } = {}): LogSummary {
  const buf = Buffer.from(text, 'utf8');
  const analysis = analyzeBytes(buf, opts.lastLines ?? DEFAULT_LAST_LINES);
  const bytes = buf.length;
  return buildSummary(analysis, decide(analysis), {
    bytesRead: bytes,
    totalBytes: bytes,
    truncated: false,
    fromStart: true,
  });
}
