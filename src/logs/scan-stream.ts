import { LogAnalyzer } from './analyzer';
import { buildSummary, DEFAULT_LAST_LINES } from './build-summary';
import { decide } from './verdict';
import type { LogSummary } from './types';

// Work in blocks of about this size: fewer calls, and progress is searched once per block.
const BLOCK_BYTES = 1024 * 1024;
// A "line" longer than this is cut so one newline-free blob cannot grow memory without bound.
const MAX_CARRY = 1024 * 1024;
const PROGRESS_TAIL_BYTES = 64 * 1024;

/**
 * Full scan of a log, for when a user asks for it. Memory stays bounded: only
 * the current block and its partial last line are held, and the analyzer
 * keeps a fixed number of hits per rule. Lines are split on bytes, so chunk
 * boundaries inside UTF-8 characters never matter.
 */
export async function scanStream(chunks: AsyncIterable<Buffer>, opts: { lastLines?: number } = {}): Promise<LogSummary> {
  const analyzer = new LogAnalyzer(opts.lastLines ?? DEFAULT_LAST_LINES, PROGRESS_TAIL_BYTES);
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let total = 0;
  for await (const chunk of chunks) {
    total += chunk.length;
    pending.push(chunk);
    pendingBytes += chunk.length;
    if (pendingBytes < BLOCK_BYTES) continue;
    const block = pending.length === 1 ? chunk : Buffer.concat(pending, pendingBytes);
    let cut = block.lastIndexOf(10) + 1;
    if (cut === 0 && block.length > MAX_CARRY) cut = block.length;
    if (cut > 0) analyzer.pushLines(block.subarray(0, cut));
    const rest = block.subarray(cut);
    // Copy the remainder so the big block can be garbage-collected.
    pending = rest.length > 0 ? [Buffer.from(rest)] : [];
    pendingBytes = rest.length;
  }
  if (pendingBytes > 0) analyzer.pushLines(Buffer.concat(pending, pendingBytes));
  const analysis = analyzer.result();
  return buildSummary(analysis, decide(analysis), { bytesRead: total, totalBytes: total, truncated: false, fromStart: true });
}
