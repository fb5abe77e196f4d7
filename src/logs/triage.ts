import { CATEGORY_LABELS, type FailureCategory } from './categories';
import { summarizeText } from './build-summary';
import { nextStepFor, type NextStep } from './next-steps';
import { causeSignature } from './signature';
import { categoryOfCode } from './error-codes';
import type { LogSummary } from './types';
import { familyOf } from './keyword-families';
import { makeHeadline } from './headline';

/** What Azure ML tells about a finished job, besides its logs. */
export interface TriageInput {
  status?: string;
  /** The run's structured error: coarse code, message, and the innerError codes from general to specific. */
  runError?: { code?: string; message: string; innerCodes?: readonly string[] };
  /** Summaries of the logs read, in the order Azure ML's stages ran (image build, job prep, std_log, wrapper). */
  logs: ReadonlyArray<{ file: string; summary: LogSummary }>;
  /** For a pipeline or sweep: the child whose logs these are. */
  step?: string;
}

export interface TriageVerdict {
  category: FailureCategory;
  categoryLabel: string;
  headline: string;
  /** Cause first, then wrappers; log lines verbatim, the run error's message as Azure wrote it. */
  evidence: string[];
  /** Only weak signals agree: the card says "likely". */
  likely: boolean;
  /** The signals that decided, for the card's footnote and the CLI ("error code OutOfQuota", "user_logs/std_log.txt"). */
  decidedBy: string[];
  nextStep: NextStep;
  /** The log the verdict came from, if any. */
  file?: string;
  step?: string;
  /** Normalised cause (numbers, paths, ids and times masked): equal for failures with the same cause. */
  signature: string;
}

/**
 * Specific innermost codes settle the category whatever the top code says (Azure files quota under UserError); the
 * table is shared with the log rules (error-codes.ts), which read the same codes when a log shows the error JSON.
 */
const strong = (s: LogSummary): boolean => s.category !== 'unknown' && !s.likely;

/**
 * Combines every signal Azure ML gives into one verdict: structured codes first, then a specific cause in the
 * logs (earliest stage first: an image build failure explains an empty std_log), then the run error's message,
 * then weak signals ("likely"), then the status itself. `unknown` only when nothing shows a failure.
 */
export function triage(input: TriageInput): TriageVerdict {
  const decidedBy: string[] = [];
  const codes = [input.runError?.code, ...(input.runError?.innerCodes ?? [])].filter((c): c is string => !!c);
  const innermost = codes[codes.length - 1];
  const coded = codes.reverse().map(categoryOfCode).find(Boolean);
  const fromError = input.runError ? summarizeText(input.runError.message) : undefined;
  const errorLine = input.runError ? firstLine(input.runError.message) : '';
  const failedLogs = input.logs.filter((l) => l.summary.category !== 'unknown');
  const strongLog = failedLogs.find((l) => strong(l.summary));
  const stopped = input.status === 'Failed' ? lastSaid(input.logs) : undefined;

  let category: FailureCategory = 'unknown';
  let pick: { summary: LogSummary; file?: string } | undefined;
  let likely = false;
  if (/^cancel/i.test(input.status ?? '')) {
    category = 'timeout_or_canceled';
    decidedBy.push(`status ${input.status}`);
    pick = failedLogs.find((l) => l.summary.category === category) ?? (fromError ? { summary: fromError } : undefined);
  } else if (coded) {
    category = coded;
    decidedBy.push(`error code ${innermost}`);
    pick = failedLogs.find((l) => l.summary.category === coded) ?? (fromError ? { summary: fromError } : undefined);
  } else if (strongLog) {
    pick = strongLog;
    category = strongLog.summary.category;
  } else if (fromError && strong(fromError)) {
    pick = { summary: fromError };
    category = fromError.category;
    decidedBy.push('run error message');
  } else {
    const weak: { summary: LogSummary; file?: string } | undefined = failedLogs[failedLogs.length - 1] ?? (fromError && fromError.category !== 'unknown' ? { summary: fromError } : undefined);
    if (weak) {
      pick = weak;
      category = weak.summary.category;
      likely = true;
      if (!weak.file) decidedBy.push('run error message');
    } else if (errorLine) {
      // The run's own error is a failure signal even when no rule knows its words: they point to a family, and
      // the user's side (Azure files most failures under UserError) when they point to none.
      category = familyOf(errorLine);
      likely = true;
      decidedBy.push('run error message');
    } else if (stopped) {
      // Azure says the job failed and no log line says why: the stage and the line where the output stopped are the
      // best lead, said as likely. A job that stopped in its image build never ran the user's code.
      pick = { summary: { ...stopped.summary, headline: makeHeadline(stopped.line), evidence: [stopped.line] }, file: stopped.file };
      category = IMAGE_BUILD_LOG.test(stopped.file) ? 'image_build_failure' : familyOf(stopped.line);
      likely = true;
      decidedBy.push('status Failed, where the log stopped');
    } else if (input.status === 'NotResponding') {
      category = 'platform_or_service_error';
      likely = true;
      decidedBy.push('status NotResponding');
    }
  }
  if (pick?.file) decidedBy.push(pick.summary.signal ? `${pick.file} (${pick.summary.signal})` : pick.file);
  const evidence = [...(pick?.summary.evidence ?? [])];
  if (input.runError && !evidence.length) evidence.push(errorLine);
  let headline = pick?.summary.headline ?? errorLine;
  if (!headline) headline = category === 'unknown' ? 'No failure signal found' : CATEGORY_LABELS[category];
  return {
    category,
    categoryLabel: `${likely ? 'Likely: ' : ''}${CATEGORY_LABELS[category]}`,
    headline,
    evidence: evidence.slice(0, 5),
    likely,
    decidedBy,
    nextStep: nextStepFor(category, [headline, ...evidence], pick?.summary.lastLines ?? []),
    ...(pick?.file ? { file: pick.file } : {}),
    ...(input.step ? { step: input.step } : {}),
    signature: causeSignature(category, headline),
  };
}

const IMAGE_BUILD_LOG = /image_build/i;
/**
 * The platform's own logs (execution wrapper, lifecycler) end with its bookkeeping, not with where the job stopped.
 * An image build log is a stage of the job even where the v2 layout keeps it under system_logs/.
 */
const isPlatformLog = (file: string): boolean => /(?:^|\/)system_logs\//.test(file) && !IMAGE_BUILD_LOG.test(file);

/**
 * The last line of the latest stage's log that has output (the user's and build logs before the platform's own), kept
 * only if it is whole: tails cut long lines with "…", and evidence is verbatim. None when that log ends on progress.
 */
function lastSaid(logs: TriageInput['logs']): { file: string; summary: LogSummary; line: string } | undefined {
  const ordered = [...logs.filter((l) => isPlatformLog(l.file)), ...logs.filter((l) => !isPlatformLog(l.file))];
  for (let i = ordered.length - 1; i >= 0; i--) {
    const l = ordered[i]!;
    const line = l.summary.lastLines[l.summary.lastLines.length - 1];
    if (!line?.trim() || line.endsWith('…')) continue;
    // A log that ends on training progress was cut off from outside (a kill, a preemption): its line says nothing of why.
    if (line === l.summary.progress?.line) return undefined;
    return { file: l.file, summary: l.summary, line };
  }
  return undefined;
}

function firstLine(text: string): string {
  return (text.split('\n').find((l) => l.trim()) ?? '').trim().slice(0, 400);
}
