import { normalizeStatus } from './status';
import { parseAzureTime } from './time';
import { Run, RunDetails, RunError } from './types';

/** Run-history JSON (camelCase) → Run. Unknown fields are ignored; missing ones stay undefined. */
export function mapRun(raw: Record<string, unknown>): Run {
  return {
    runId: str(raw.runId) ?? 'unknown',
    parentRunId: str(raw.parentRunId),
    displayName: str(raw.displayName) ?? str(raw.name),
    status: normalizeStatus(str(raw.status)),
    runType: str(raw.runType),
    createdAt: parseAzureTime(raw.createdUtc),
    startedAt: parseAzureTime(raw.startTimeUtc ?? raw.effectiveStartTimeUtc),
    endedAt: parseAzureTime(raw.endTimeUtc),
    error: mapRunError(raw.error),
  };
}

export function mapRunDetails(raw: Record<string, unknown>): RunDetails {
  const logFiles: Record<string, string> = {};
  const lf = raw.logFiles;
  if (lf && typeof lf === 'object') {
    for (const [k, v] of Object.entries(lf as Record<string, unknown>)) if (typeof v === 'string') logFiles[k] = v;
  }
  return { status: normalizeStatus(str(raw.status)), error: mapRunError(raw.error), logFiles };
}

/** The run error is `{error:{code,message,…}}` (an ErrorResponse) or occasionally flat. */
export function mapRunError(raw: unknown): RunError | undefined {
  if (!raw || typeof raw !== 'object') return undefined;
  const outer = raw as Record<string, unknown>;
  const inner = (outer.error && typeof outer.error === 'object' ? outer.error : outer) as Record<string, unknown>;
  const message = str(inner.message);
  if (!message) return undefined;
  // innerError runs from general to specific (UserError → … → OutOfQuota); the innermost code is the telling one.
  const innerCodes: string[] = [];
  let link = inner.innerError;
  for (let depth = 0; link && typeof link === 'object' && depth < 10; depth++) {
    const code = str((link as Record<string, unknown>).code);
    if (code) innerCodes.push(code);
    link = (link as Record<string, unknown>).innerError;
  }
  return { code: str(inner.code), message, ...(innerCodes.length ? { innerCodes } : {}) };
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}
