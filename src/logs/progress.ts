import type { Counter, Progress } from './types';

/** Words that make a line worth parsing for progress; kept cheap on purpose. */
export const PROGRESS_HINT = /epoch|step|iter|batch|%/i;

const EPOCH = /\bepoch\b\s*[:=#]?\s*\[?\s*(\d+)\s*(?:\/|of)\s*(\d+)|\bepoch\b\s*[:=#]?\s*(\d+)/i;
const STEP =
  /\b(?:global[_ ]step|step|iteration|iter|batch)s?\b\s*[:=#]?\s*\[?\s*(\d+)\s*(?:\/|of)\s*(\d+)|\b(?:global[_ ]step|step|iteration|iter)\b\s*[:=#]?\s*(\d+)/i;
// tqdm bars ("45%|████ | 450/1000 [00:10<00:12]") and "progress: 45%" / "(45%)" / "45% complete".
const PERCENT =
  /(?:^|[\s([:])(\d{1,3}(?:\.\d+)?)\s?%(?=\||\)|\]|\s*(?:complete|done|finished)|\s*$)|progress\W{0,3}(\d{1,3}(?:\.\d+)?)\s?%/i;
const TQDM_COUNT = /\|\s*(\d+)\/(\d+)\s*\[/;
// Docker build steps are not training progress.
const NOT_PROGRESS = /^\s*Step \d+\/\d+ :/;

function counter(m: RegExpExecArray | null): Counter | undefined {
  if (!m) return undefined;
  if (m[1] !== undefined) return { current: Number(m[1]), total: Number(m[2]) };
  if (m[3] !== undefined) return { current: Number(m[3]) };
  return undefined;
}

/**
 * Remembers the latest epoch, step and percentage seen, each from its own
 * line, because frameworks print them on different lines.
 */
export class ProgressTracker {
  private epoch?: Counter;
  private step?: Counter;
  private percent?: number;
  private line?: string;

  offer(rawLine: string): void {
    // tqdm rewrites one line with \r; only the last frame matters.
    const cr = rawLine.lastIndexOf('\r', rawLine.length - 2);
    const line = cr >= 0 ? rawLine.slice(cr + 1) : rawLine;
    if (NOT_PROGRESS.test(line)) return;
    const epoch = counter(EPOCH.exec(line));
    const step = counter(STEP.exec(line)) ?? counter(TQDM_COUNT.exec(line));
    const pm = PERCENT.exec(line);
    const pct = pm ? Number(pm[1] ?? pm[2]) : undefined;
    const percent = pct !== undefined && pct <= 100 ? pct : undefined;
    if (!epoch && !step && percent === undefined) return;
    if (epoch) this.epoch = epoch;
    if (step) this.step = step;
    if (percent !== undefined) this.percent = percent;
    this.line = line.replace(/\r$/, '');
  }

  result(): Progress | undefined {
    if (this.line === undefined) return undefined;
    const p: Progress = { line: this.line };
    if (this.epoch) p.epoch = this.epoch;
    if (this.step) p.step = this.step;
    if (this.percent !== undefined) p.percent = this.percent;
    return p;
  }
}
