import { analyzeBytes, buildSummary, DEFAULT_LAST_LINES } from './build-summary';
import { decide } from './verdict';
import { firstWholeLine, opensMidTraceback } from './window-text';
import type { LogSummary, RangeSource, SummarizeOptions } from './types';

export const DEFAULT_TAIL_BYTES = 256 * 1024;
export const DEFAULT_BYTE_BUDGET = 2 * 1024 * 1024;
export const MAX_BYTE_BUDGET = 4 * 1024 * 1024;

/**
 * Summarizes a log by reading its tail first and walking back chunk by chunk
 * only while the evidence is incomplete (a wrapper without its cause, a
 * traceback whose start is cut off), never past the byte budget. The cost is
 * therefore bounded by the budget, not by the log's size.
 */
export async function summarizeSource(src: RangeSource, opts: SummarizeOptions = {}): Promise<LogSummary> {
  const budget = clampBudget(opts.byteBudget);
  const chunk = Math.max(1, Math.min(Math.floor(opts.tailBytes ?? DEFAULT_TAIL_BYTES), budget));
  const lastLines = opts.lastLines ?? DEFAULT_LAST_LINES;
  const size = await src.size();
  if (size <= 0) {
    const analysis = analyzeBytes(Buffer.alloc(0), lastLines);
    return buildSummary(analysis, decide(analysis), { bytesRead: 0, totalBytes: 0, truncated: false, fromStart: true });
  }

  let start = Math.max(0, size - chunk);
  const parts: Buffer[] = [await readExactly(src, start, size)];
  let bytesRead = parts[0]?.length ?? 0;
  let truncated = false;
  for (;;) {
    const window = parts.length === 1 ? (parts[0] ?? Buffer.alloc(0)) : Buffer.concat(parts);
    const lines = window.subarray(firstWholeLine(window, start > 0));
    const analysis = analyzeBytes(lines, lastLines);
    const verdict = decide(analysis);
    // A window shorter than the last lines tells nothing yet, whatever the verdict.
    const tooShort = analysis.lastLines.length < lastLines;
    const wantMore = start > 0 && (tooShort || verdict.weak || opensMidTraceback(lines.toString('latin1')));
    const step = Math.min(chunk, start, budget - bytesRead);
    if (!wantMore || step <= 0) {
      truncated = wantMore;
      return buildSummary(analysis, verdict, { bytesRead, totalBytes: size, truncated, fromStart: start === 0 });
    }
    const prev = await readExactly(src, start - step, start);
    start -= step;
    bytesRead += prev.length;
    parts.unshift(prev);
  }
}

function clampBudget(requested: number | undefined): number {
  const value = requested ?? DEFAULT_BYTE_BUDGET;
  if (!Number.isFinite(value) || value <= 0) return DEFAULT_BYTE_BUDGET;
  return Math.min(Math.floor(value), MAX_BYTE_BUDGET);
}

/** Sources may return short reads (HTTP servers do); keep asking until the range is filled. */
async function readExactly(src: RangeSource, start: number, end: number): Promise<Buffer> {
  const first = await src.read(start, end);
  if (first.length >= end - start || first.length === 0) return first;
  const parts = [first];
  let at = start + first.length;
  while (at < end) {
    const more = await src.read(at, end);
    if (more.length === 0) break;
    parts.push(more);
    at += more.length;
  }
  return Buffer.concat(parts);
}
