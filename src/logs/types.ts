import type { FailureCategory } from './categories';

/**
 * Random access to a log's bytes. The bot backs it with HTTP Range requests on
 * the log blob, the CLI with a file; keeping it this small lets the summarizer
 * stay free of I/O and read only the tail of a huge log.
 */
export interface RangeSource {
  size(): Promise<number>;
  /** Bytes in [start, endExclusive); may return fewer only at end of data. */
  read(start: number, endExclusive: number): Promise<Buffer>;
}

export interface Counter {
  current: number;
  total?: number;
}

export interface Progress {
  epoch?: Counter;
  step?: Counter;
  percent?: number;
  /** The most recent log line that carried progress, verbatim. */
  line: string;
}

export interface LogSummary {
  category: FailureCategory;
  /** One line, at most 160 characters. */
  headline: string;
  /** Only weak signals agree (a wrapper, failure words, an exception with no known cause): cards say "likely". */
  likely: boolean;
  /** The rule that decided, e.g. `out-of-memory` or `exception-line`. */
  signal?: string;
  /** Verbatim log lines, root cause first, then its wrappers; at most 5. */
  evidence: string[];
  lastLines: string[];
  progress?: Progress;
  bytesRead: number;
  totalBytes: number;
  /** True when the byte budget ran out before the start of the log while more evidence was wanted. */
  truncated: boolean;
}

export interface SummarizeOptions {
  /** First (tail) read size; default 256 KiB. */
  tailBytes?: number;
  /** Most bytes read in total; default 2 MiB, clamped to 4 MiB. */
  byteBudget?: number;
  /** How many last non-empty lines to return; default 8. */
  lastLines?: number;
}
