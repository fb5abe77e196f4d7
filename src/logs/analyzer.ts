import { FAILURE_HINT, RULES, WEIGHTS, type Rule } from './rules';
import { PROGRESS_HINT, ProgressTracker } from './progress';
import { stripLogPrefix } from './headline';
import type { Progress } from './types';

/** A line that some rule claimed. `order` is its position in the text, for ordering evidence. */
export interface Hit {
  rule: Rule;
  weight: number;
  line: string;
  order: number;
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
  /^\s*Step \d+\/\d+ :|Sending build context|Building image|docker build|Dockerfile|azureml-environment-setup|image build log|20_image_build_log|#\d+ \[(?:internal|\d+\/\d+)\]|Successfully built [0-9a-f]{6}|ACR build/i;
const EXCEPTION_LINE = /^(?:[A-Za-z_][\w]*\.)*[A-Z]\w*(?:Error|Exception|Exit|Interrupt|Failure|Fault)\b(?::|$)/;
const EXCEPTION_HEADLINE = /((?:[A-Za-z_][\w]*\.)*[A-Z]\w*(?:Error|Exception|Exit|Interrupt|Failure|Fault)\b.*)$/;

/** Every line we look at closer: a union of the failure, progress and context hints. */
const CANDIDATE = new RegExp(
  [FAILURE_HINT.source, PROGRESS_HINT.source, 'Dockerfile|docker|build context'].join('|'),
  'gi',
);

const GENERIC_EXCEPTION: Rule = {
  id: 'traceback-exception',
  category: 'user_code_error',
  weight: WEIGHTS.exception,
  pattern: EXCEPTION_LINE,
  headlineFrom: [EXCEPTION_HEADLINE],
};

// Bounds for the full-scan mode: a log with a million error lines must not grow memory.
const MAX_HITS_PER_RULE = 6;
const MAX_LINE = 8192;

/**
 * Incremental analyzer over blocks of complete lines. It only visits lines
 * that a single cheap regex flags (CANDIDATE), which is what keeps the full
 * scan fast; the rule table then runs on those few lines.
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

  constructor(private readonly lastLineCount: number) {}

  /** Feeds text made of whole lines (a trailing partial line must be held back by the caller). */
  pushLines(text: string): void {
    const re = new RegExp(CANDIDATE.source, CANDIDATE.flags);
    let m: RegExpExecArray | null;
    while ((m = re.exec(text)) !== null) {
      const start = text.lastIndexOf('\n', m.index) + 1;
      let end = text.indexOf('\n', m.index);
      if (end < 0) end = text.length;
      this.visit(text.slice(start, end > start && text.charCodeAt(end - 1) === 13 ? end - 1 : end), this.base + start);
      re.lastIndex = end + 1;
    }
    this.rememberTail(text);
    this.base += text.length + 1;
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

  private visit(rawLine: string, order: number): void {
    const line = rawLine.length > MAX_LINE ? rawLine.slice(0, MAX_LINE) : rawLine;
    if (!this.inBuild && BUILD_CONTEXT.test(line)) this.inBuild = true;
    if (PROGRESS_HINT.test(line)) this.progress.offer(line);
    if (!FAILURE_HINT.test(line)) return;
    if (CHAINED.test(line)) this.chainPending = true;
    const rule = this.classify(line);
    if (rule && !rule.noise) {
      const chained = this.chainPending && rule === GENERIC_EXCEPTION;
      // The earlier exception of a chain is the root cause; demote the later ones.
      this.record({ rule, weight: rule.weight - (chained ? 5 : 0), line, order });
      if (rule === GENERIC_EXCEPTION) this.chainPending = false;
    }
    const bare = stripLogPrefix(line);
    if (this.tracebackOpen && !/^\s/.test(bare) && EXCEPTION_LINE.test(bare)) this.tracebackOpen = false;
    if (TRACEBACK_START.test(line)) this.tracebackOpen = true;
  }

  private classify(line: string): Rule | undefined {
    for (const rule of RULES) {
      if (!rule.pattern.test(line)) continue;
      if (rule.requires && !rule.requires.test(line)) continue;
      if (rule.category === null && !rule.noise && this.tracebackOpen && this.isTracebackEnd(line)) {
        return GENERIC_EXCEPTION;
      }
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

  private rememberTail(text: string): void {
    const found: string[] = [];
    let end = text.length;
    while (found.length < this.lastLineCount && end > 0) {
      const start = text.lastIndexOf('\n', end - 1) + 1;
      const line = text.slice(start, end).replace(/\r$/, '');
      if (line.trim().length > 0) found.unshift(line.length > 1000 ? `${line.slice(0, 999)}…` : line);
      end = start - 1;
    }
    this.tail = [...this.tail, ...found].slice(-this.lastLineCount);
  }
}
