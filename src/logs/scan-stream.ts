import { LogAnalyzer } from './analyzer';
import { buildSummary, DEFAULT_LAST_LINES } from './build-summary';
import { decide } from './verdict';
import type { LogSummary } from './types';

// A "line" longer than this is cut so one newline-free blob cannot grow memory without bound.
const MAX_CARRY = 64 * 1024;

/**
 * Full scan of a log, for when a user asks for it. Memory stays bounded: only
 * the partial last line is carried between chunks, and the analyzer keeps a
 * fixed number of hits per rule.
 */
export async function scanStream(chunks: AsyncIterable<Buffer>, opts: { lastLines?: number } = {}): Promise<LogSummary> {
  const analyzer = new LogAnalyzer(opts.lastLines ?? DEFAULT_LAST_LINES);
  const decoder = new TextDecoder('utf-8');
  let carry = '';
  let total = 0;
  for await (const chunk of chunks) {
    total += chunk.length;
    const text = carry + decoder.decode(chunk, { stream: true });
    const nl = text.lastIndexOf('\n');
    if (nl < 0) {
      carry = text;
      if (carry.length > MAX_CARRY) {
        analyzer.pushLines(carry);
        carry = '';
      }
      continue;
    }
    analyzer.pushLines(text.slice(0, nl));
    carry = text.slice(nl + 1);
  }
  carry += decoder.decode();
  if (carry.length > 0) analyzer.pushLines(carry);
  const analysis = analyzer.result();
  return buildSummary(analysis, decide(analysis), { bytesRead: total, totalBytes: total, truncated: false, fromStart: true });
}
