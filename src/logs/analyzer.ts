import { RULES, WEIGHTS, type Rule } from './rules';
import { codeRuleFor } from './error-codes';
import {
  API_MISMATCH, EXCEPTION_LINE, EXCEPTION_OUTSIDE_TRACEBACK, FRAME_LINE, GENERIC_EXCEPTION, INSTALLED_CODE, SYNTAX_ERROR, VERSION_MISMATCH,
} from './exception-rules';
import { nextLine, previousLines, siblingMessage } from './line-context';
import { segmentsOf } from './segments';
import { PROGRESS_HINT, ProgressTracker } from './progress';
import { stripLogPrefix } from './headline';
import { forEachCandidateLine } from './keyword-scanner';
import { namedException } from './exception-names';
import type { Progress } from './types';

/** A line that some rule claimed. `order` is its byte position, for ordering evidence. */
export interface Hit {
  rule: Rule;
  weight: number;
  line: string;
  order: number;
  /** The line after a cause that ends with ':' ("ResolvePackageNotFound:" then "  - pytorch-cuda=12.9"), verbatim. */
  continuation?: string;
  /** The part of `line` the rule matched, when the line holds a whole log with escaped newlines ("…\\nValueError: …"). */
  text?: string;
  /** A verbatim line that belongs with this one: the code line of an error whose message line this hit is. */
  related?: string;
  /** An error code alone on its line, no message found near it: it decides a category but says little. */
  bare?: boolean;
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

// Bounds that keep a full scan of a huge log in constant memory.
const MAX_HITS_PER_RULE = 6;
/** Rules see at most this much of a line (or of one escaped line inside it): keeps regex work linear and small. */
const MAX_LINE = 8192;
/** A candidate line is kept whole up to this size, so that evidence stays verbatim (a log dumped as one JSON string). */
const MAX_EVIDENCE_LINE = 64 * 1024;
/** `Error`, `DataFrameFrequencyException`, `pkg.mod.SomeError` alone on a line. */
const BARE_EXCEPTION = /^(?:[A-Za-z_]\w*\.)*(?:[A-Z]\w*(?:Error|Exception)|Error|Exception)$/;
/** "InnerException <cause>" in the v1 SDK's exception printout. */
const INNER_EXCEPTION = /^\s*InnerException:?\s+(?!None\b)/;
/** A line that holds only an error code, no words: `"code": "OutOfQuota",`, `Code: AuthorizationFailed`. */
const CODE_ONLY = /^\s*(?:\d{4}-\d\d-\d\d[T ][\d:.,]{1,20}Z?\s+)?(?:["']?(?:error_?|Error)?[Cc]ode["']?\s*[:=]\s*["']?[\w.-]+["']?,?|(?:Error ?)?Code:\s*[\w.-]+)\s*$/;
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
      const line = bytes.toString('utf8', start, Math.min(end, start + MAX_EVIDENCE_LINE));
      const segments = segmentsOf(line, MAX_LINE);
      segments.forEach((text, i) => {
        const hit = this.visit(text, line, this.base + start);
        if (!hit) return;
        // A heading ("Error:") or an exception named without its message: the message is the line under it.
        if (segments.length === 1 && (/:\s*$/.test(hit.line) || BARE_EXCEPTION.test(stripLogPrefix(hit.line).trim()))) hit.continuation = nextLine(bytes, lineEnd);
        // A SyntaxError names its file three lines up (file, code, caret); other exceptions' last frame is two up.
        const syntax = SYNTAX_ERROR.test(stripLogPrefix(text));
        const back = syntax ? 4 : 2;
        const before = segments.length > 1 ? segments.slice(Math.max(0, i - back), i).join('\n') : previousLines(bytes, start, back);
        if ((hit.rule.id === GENERIC_EXCEPTION.id || hit.rule.id === EXCEPTION_OUTSIDE_TRACEBACK.id) && (syntax || API_MISMATCH.test(stripLogPrefix(text))) && INSTALLED_CODE.test(before)) {
          hit.rule = VERSION_MISMATCH;
          hit.weight = VERSION_MISMATCH.weight;
        }
        // A code alone on its line ("code": "OutOfQuota", or a generic "UserError" that names no cause): its error's
        // message line says the cause in words, and is what a person needs to read.
        const code = hit.rule.id === 'error-code';
        if ((code || hit.rule.category === null) && segments.length === 1 && CODE_ONLY.test(line)) {
          const message = siblingMessage(bytes, start, lineEnd);
          if (message !== undefined) {
            hit.related = hit.line;
            hit.line = message;
          } else if (code) {
            hit.bare = true;
            hit.weight -= 1; // a bare code says less than the same code with its words ("(Code) message")
          }
        }
      });
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

  /** Classifies one line (or one escaped line inside `line`) and records a hit; `line` is what evidence shows. */
  private visit(text: string, line: string, order: number): Hit | undefined {
    let recorded: Hit | undefined;
    if (!this.inBuild && BUILD_CONTEXT.test(text)) this.inBuild = true;
    if (CHAINED.test(text)) this.chainPending = true;
    const inner = INNER_EXCEPTION.exec(text);
    const rule = this.classify(inner ? text.slice(inner[0].length) : text);
    if (rule && !rule.noise) {
      // By id: a traceback's exception may come back as a variant named after what failed (exception-names.ts).
      const chained = this.chainPending && rule.id === GENERIC_EXCEPTION.id;
      let weight = rule.weight - (chained ? 5 : 0);
      // The SDK raised the service's error: it ended the run, so it outranks the user's earlier exceptions.
      if (rule.category === 'platform_or_service_error' && this.tracebackOpen && this.isTracebackEnd(text)) weight = Math.max(weight, WEIGHTS.serviceRaised);
      // "InnerException …" is the innermost error of an SDK exception: the cause its outer message wraps.
      if (inner && rule.category !== null) weight += WEIGHTS.innermostBonus;
      recorded = { rule, weight, line, order, ...(text !== line ? { text } : {}) };
      this.record(recorded);
      if (rule.id === GENERIC_EXCEPTION.id) this.chainPending = false;
    }
    if (this.tracebackOpen && this.isTracebackEnd(text)) this.tracebackOpen = false;
    if (TRACEBACK_START.test(text) || FRAME_LINE.test(text)) this.tracebackOpen = true;
    return recorded;
  }

  private classify(line: string): Rule | undefined {
    const coded = codeRuleFor(line);
    if (coded && coded.category !== 'platform_or_service_error') return coded;
    const byRules = this.classifyByRules(line);
    // A service code next to a specific cause ("ManagedIdentityCredential … "code": "InternalError"") is the
    // service reporting that cause: the cause's rule keeps the line.
    if (coded && (!byRules || byRules.category === null || byRules.category === 'platform_or_service_error' || byRules.wrapper)) return coded;
    return byRules;
  }

  private classifyByRules(line: string): Rule | undefined {
    for (const rule of RULES) {
      if (rule.onlyInBuild && !this.inBuild) continue;
      if (!rule.pattern.test(line)) continue;
      if (rule.requires && !rule.requires.test(line)) continue;
      if (rule.unless?.test(line)) continue;
      // Inside a traceback, a bare "XxxError: msg" is the user's exception, not just a marker.
      if (rule.category === null && !rule.noise && this.tracebackOpen && this.isTracebackEnd(line)) {
        return namedException(GENERIC_EXCEPTION, line);
      }
      if (rule.category === null && !rule.noise && EXCEPTION_LINE.test(stripLogPrefix(line))) return namedException(EXCEPTION_OUTSIDE_TRACEBACK, line);
      return rule;
    }
    return this.tracebackOpen && this.isTracebackEnd(line) ? namedException(GENERIC_EXCEPTION, line) : undefined;
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

