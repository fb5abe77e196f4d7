/** The stream-summary engine: tail-first log summaries and the failure classifier. */
export { FAILURE_CATEGORIES, CATEGORY_LABELS, isFailureCategory, type FailureCategory } from './categories';
export type { Counter, LogSummary, Progress, RangeSource, SummarizeOptions } from './types';
export { memoryRangeSource } from './memory-range-source';
export { summarizeSource, DEFAULT_TAIL_BYTES, DEFAULT_BYTE_BUDGET, MAX_BYTE_BUDGET } from './summarize-source';
export { summarizeText } from './build-summary';
export { scanStream } from './scan-stream';
export { nextStepFor, type NextStep } from './next-steps';
export { triage, type TriageInput, type TriageVerdict } from './triage';
export { causeSignature } from './signature';
