/**
 * A log blob seen as "size + read a byte range", so a 1 GiB synthetic log and a 2 KB generated one are served by
 * the same range code and neither has to exist in full.
 */
export interface LogSource {
  readonly size: number;
  /** Bytes [start, end) — callers keep chunks small (the blob route reads 64 KiB at a time). */
  read(start: number, end: number): Buffer;
}

export function textSource(text: string): LogSource {
  const buf = Buffer.from(text, 'utf8');
  return { size: buf.length, read: (start, end) => buf.subarray(start, end) };
}
