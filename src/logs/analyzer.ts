import { RULES, WEIGHTS, type Rule } from './rules';
import { PROGRESS_HINT, ProgressTracker } from './progress';
import { stripLogPrefix } from './headline';
import { forEachCandidateLine } from './keyword-scanner';
import type { Progress } from './types';

/** A line that some rule claimed. `order` is its byte position, for ordering evidence. */
export interface Hit {
  rule: Rule;
  weight: number;
  line: string;
  order: number;
  /** The line after a cause that ends with ':' ("ResolvePackageNotFound:" then "  - pytorch-cuda=12.9"), verbatim. */
  continuation?: string;
}

export interface Analysis {
  hits: Hit[];
  /** The log shows a docker/image build, so conda/pip errors are build failures. */
  inBuild: boolean;
  lastLines: string[];
  progress?: Progress;
}

const TRACEBACK_START = /Traceback \(most recent call last\)|Unhandled exception\./;
const CHAINED = /During handling of the above exception|The above exception was the direct cause/;
const BUILD_CONTEXT =
  /^\s*Step \d+\/\d+ :|Sending build context|Building image|docker build|Dockerfile|azureml-environment-setup|image build log|20_image_build_log|#\d+ \[(?:internal|\d+\/\d+)\]|Successfully built [0-9a-f]{6}|ACR build/im;
const EXCEPTION_LINE = /^(?:[A-Za-z_][\w]*\.)*[A-Z]\w*(?:Error|Exception|Exit|Interrupt|Failure|Fault)\b(?::|$)/;
const EXCEPTION_HEADLINE = /(?:[A-Za-z_][\w]*\.)*[A-Z]\w*(?:Error|Exception|Exit|Interrupt|Failure|Fault)\b.*$/;

/** An exception line outside a visible traceback (the excerpt or the tail may start below "Traceback"). */
const EXCEPTION_OUTSIDE_TRACEBACK: Rule = {
  id: 'exception-line',
  category: 'user_code_error',
  weight: WEIGHTS.exceptionLine,
  pattern: EXCEPTION_LINE,
  headlineFrom: [EXCEPTION_HEADLINE],
};
// A traceback frame: a tail that starts inside a traceback still shows its frames.
const FRAME_LINE = /^\s+File "[^"]+", line \d+/;

/**
 * An API-shape error raised inside an installed package (its frame is under site-packages) means two installed
 * versions disagree (a library calling another's removed argument or attribute), not a bug in the user's script.
 */
const API_MISMATCH = /^(?:[\w.]+\.)?(?:AttributeError|TypeError)\b.*(?:has no attribute|unexpected keyword argument|takes \d+ positional arguments? but|missing \d+ required positional argument)/;
const INSTALLED_CODE = /File "[^"]*(?:site|dist)-packages\//;
const VERSION_MISMATCH: Rule = {
  id: 'package-version-mismatch',
  category: 'missing_module_or_env',
  weight: WEIGHTS.exception,
  pattern: API_MISMATCH,
  headlineFrom: [EXCEPTION_HEADLINE],
};

const GENERIC_EXCEPTION: Rule = {
  id: 'traceback-exception',
  category: 'user_code_error',
  weight: WEIGHTS.exception,
  pattern: EXCEPTION_LINE,
  headlineFrom: [EXCEPTION_HEADLINE],
};

// Bounds that keep a full scan of a huge log in constant memory.
const MAX_HITS_PER_RULE = 6;
const MAX_LINE = 8192;
const MAX_LAST_LINE = 1000;
/** Build markers are looked for in this much of the log's start, and on candidate lines. */
const BUILD_SNIFF_BYTES = 1024 * 1024;
// Words that can start a progress line; searched in latin1 so byte and char offsets agree.
const PROGRESS_GATE = /[Ee]poch|EPOCH|[Ss]tep|STEP|[Ii]ter|[Bb]atch|%/g;

/**
 * Incremental analyzer over blocks of whole lines, as bytes. Only lines that
 * the stem scanner selects are decoded and run through the rule table, which
 * is what makes a full scan cheap.
 */
export class LogAnalyzer {
  private readonly perRule = new Map<string, Hit[]>();
  private readonly firstPerRule = new Map<string, Hit>();
  private readonly progress = new ProgressTracker();
  private tail: string[] = [];
  private inBuild = false;
  private tracebackOpen = false;
  private chainPending = false;
  private base = 0;

  /**
   * @param progressTailBytes how much of the end of each block to search for
   *   progress; only the latest value matters, so a full scan looks at the end
   *   of each block only.
   */
  constructor(
    private readonly lastLineCount: number,
    private readonly progressTailBytes = Number.POSITIVE_INFINITY,
  ) {}

  /** Feeds bytes made of whole lines (the caller holds back a trailing partial line). */
  pushLines(bytes: Buffer): void {
    if (!this.inBuild && this.base < BUILD_SNIFF_BYTES) {
      const sniff = bytes.toString('latin1', 0, Math.min(bytes.length, BUILD_SNIFF_BYTES - this.base));
      this.inBuild = BUILD_CONTEXT.test(sniff);
    }
    forEachCandidateLine(bytes, 0, bytes.length, (start, end) => {
      const lineEnd = end;
      if (end > start && bytes[end - 1] === 13) end -= 1;
      const hit = this.visit(bytes.toString('utf8', start, Math.min(end, start + MAX_LINE)), this.base + start);
      if (hit && /:\s*$/.test(hit.line)) hit.continuation = nextLine(bytes, lineEnd);
      if (hit && (hit.rule === GENERIC_EXCEPTION || hit.rule === EXCEPTION_OUTSIDE_TRACEBACK) && API_MISMATCH.test(stripLogPrefix(hit.line)) && INSTALLED_CODE.test(previousLines(bytes, start, 2))) {
        hit.rule = VERSION_MISMATCH;
        hit.weight = VERSION_MISMATCH.weight;
      }
    });
    this.scanProgress(bytes);
    this.rememberTail(bytes);
    this.base += bytes.length;
  }

  result(): Analysis {
    const hits: Hit[] = [];
    for (const [id, list] of this.perRule) {
      const first = this.firstPerRule.get(id);
      if (first && !list.includes(first)) hits.push(first);
      hits.push(...list);
    }
    hits.sort((a, b) => a.order - b.order);
    const progress = this.progress.result();
    return { hits, inBuild: this.inBuild, lastLines: [...this.tail], ...(progress ? { progress } : {}) };
  }

  private visit(line: string, order: number): Hit | undefined {
    let recorded: Hit | undefined;
    if (!this.inBuild && BUILD_CONTEXT.test(line)) this.inBuild = true;
    if (CHAINED.test(line)) this.chainPending = true;
    const rule = this.classify(line);
    if (rule && !rule.noise) {
      const chained = this.chainPending && rule === GENERIC_EXCEPTION;
      // The earlier exception of a chain is the root cause; demote the later ones.
      recorded = { rule, weight: rule.weight - (chained ? 5 : 0), line, order };
      this.record(recorded);
      if (rule === GENERIC_EXCEPTION) this.chainPending = false;
    }
    if (this.tracebackOpen && this.isTracebackEnd(line)) this.tracebackOpen = false;
    if (TRACEBACK_START.test(line) || FRAME_LINE.test(line)) this.tracebackOpen = true;
    return recorded;
  }

  private classify(line: string): Rule | undefined {
    for (const rule of RULES) {
      if (rule.onlyInBuild && !this.inBuild) continue;
      if (!rule.pattern.test(line)) continue;
      if (rule.requires && !rule.requires.test(line)) continue;
      if (rule.unless?.test(line)) continue;
      // Inside a traceback, a bare "XxxError: msg" is the user's exception, not just a marker.
      if (rule.category === null && !rule.noise && this.tracebackOpen && this.isTracebackEnd(line)) {
        return GENERIC_EXCEPTION;
      }
      if (rule.category === null && !rule.noise && EXCEPTION_LINE.test(stripLogPrefix(line))) return EXCEPTION_OUTSIDE_TRACEBACK;
      return rule;
    }
    return this.tracebackOpen && this.isTracebackEnd(line) ? GENERIC_EXCEPTION : undefined;
  }

  private isTracebackEnd(line: string): boolean {
    const bare = stripLogPrefix(line);
    return !/^\s/.test(bare) && EXCEPTION_LINE.test(bare);
  }

  private record(hit: Hit): void {
    const id = hit.rule.id;
    if (!this.firstPerRule.has(id)) this.firstPerRule.set(id, hit);
    const list = this.perRule.get(id) ?? [];
    list.push(hit);
    if (list.length > MAX_HITS_PER_RULE) list.shift();
    this.perRule.set(id, list);
  }

  private scanProgress(bytes: Buffer): void {
    let from = 0;
    if (bytes.length > this.progressTailBytes) from = bytes.indexOf(10, bytes.length - this.progressTailBytes) + 1;
    if (from <= 0 && bytes.length > this.progressTailBytes) return;
    const text = bytes.toString('latin1', from);
    const gate = new RegExp(PROGRESS_GATE.source, 'g');
    let m: RegExpExecArray | null;
    while ((m = gate.exec(text)) !== null) {
      const start = text.lastIndexOf('\n', m.index) + 1;
      let end = text.indexOf('\n', m.index);
      if (end < 0) end = text.length;
      const line = bytes.toString('utf8', from + start, from + Math.min(end, start + MAX_LINE));
      if (PROGRESS_HINT.test(line)) this.progress.offer(line);
      gate.lastIndex = end + 1;
    }
  }

  private rememberTail(bytes: Buffer): void {
    const found: string[] = [];
    let end = bytes.length;
    while (found.length < this.lastLineCount && end > 0) {
      const start = bytes.lastIndexOf(10, end - 1) + 1;
      let lineEnd = end;
      if (lineEnd > start && bytes[lineEnd - 1] === 13) lineEnd -= 1;
      const line = bytes.toString('utf8', start, Math.min(lineEnd, start + MAX_LAST_LINE * 4));
      if (line.trim().length > 0) found.unshift(line.length > MAX_LAST_LINE ? `${line.slice(0, MAX_LAST_LINE - 1)}…` : line);
      end = start - 1;
    }
    this.tail = [...this.tail, ...found].slice(-this.lastLineCount);
  }
}

/** The next line after `from` (the index of a line's end) if it is a short list item or value, else undefined. */
function nextLine(bytes: Buffer, from: number): string | undefined {
  if (from >= bytes.length) return undefined;
  let end = bytes.indexOf(10, from + 1);
  if (end < 0) end = bytes.length;
  if (end - from > 400) return undefined;
  const line = bytes.toString('utf8', from + 1, end).replace(/\r$/, '');
  return /^\s*(?:-\s+)?\S/.test(line) && line.trim().length > 0 ? line : undefined;
}

/** Up to `n` lines before the line starting at `start`, for the traceback frame that raised an exception. */
function previousLines(bytes: Buffer, start: number, n: number): string {
  let from = start - 1;
  for (let i = 0; i < n && from > 0; i++) from = bytes.lastIndexOf(10, from - 1);
  const begin = Math.max(0, from + 1, start - 4096);
  return bytes.toString('utf8', begin, Math.max(begin, start - 1));
}
