import { AuditEntry, AuditLog } from '../shared/audit-log';
import { Store } from '../storage/store';
import { UsageError } from './cli-io';

export type AuditFormat = 'csv' | 'json';

export interface AuditQuery {
  since: Date;
  workspace?: string;
  job?: string;
}

/** Azure's request ids sit next to ours: an incident review hands both to Azure support (R2.5). */
export const CSV_COLUMNS = ['at', 'action', 'actorName', 'actorAadObjectId', 'workspace', 'job', 'correlationId', 'azureRequestId', 'azureCorrelationId', 'outcome', 'detail'] as const;

const HOUR_MS = 3_600_000;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})?$/i;

/**
 * `7d`, `24h`, or an ISO date/time. A time without a zone is taken as UTC, not the machine's
 * local zone, so the same command exports the same rows wherever it runs.
 */
export function parseSince(value: string, now: Date): Date {
  const rel = /^(\d{1,5})([dh])$/i.exec(value);
  if (rel) return new Date(now.getTime() - Number(rel[1]) * (rel[2]!.toLowerCase() === 'd' ? 24 : 1) * HOUR_MS);
  let iso: string | undefined;
  if (DATE_ONLY.test(value)) iso = `${value}T00:00:00Z`;
  else if (DATE_TIME.test(value)) iso = /(Z|[+-]\d{2}:\d{2})$/i.test(value) ? value : `${value}Z`;
  const d = iso ? new Date(iso) : undefined;
  // Date accepts 2024-02-31 by rolling over; comparing the date part back catches that.
  if (!d || Number.isNaN(d.getTime()) || (DATE_ONLY.test(value) && d.toISOString().slice(0, 10) !== value)) {
    throw new UsageError(`--since must be like 7d, 24h or an ISO date such as 2024-07-01 (got "${value.slice(0, 40)}")`);
  }
  return d;
}

/** Entries at or after `since`, oldest first, narrowed to one workspace and/or job. */
export async function selectEntries(store: Store, q: AuditQuery): Promise<AuditEntry[]> {
  const log = new AuditLog(store, () => new Date());
  const ws = q.workspace?.toLowerCase();
  const job = q.job?.toLowerCase();
  const entries = await log.since(q.since);
  return entries
    .filter((e) => (ws === undefined || e.workspace?.toLowerCase() === ws) && (job === undefined || e.job?.toLowerCase() === job))
    .sort((a, b) => a.at.localeCompare(b.at));
}

/** The whole export as one string: a JSON array, or CSV with a header row. */
export async function exportAudit(store: Store, q: AuditQuery, format: AuditFormat): Promise<string> {
  const entries = await selectEntries(store, q);
  return format === 'json' ? `${JSON.stringify(entries, null, 2)}\n` : toCsv(entries);
}

/** RFC 4180: CRLF between records, a header row, fields quoted only when they must be. */
export function toCsv(entries: readonly AuditEntry[]): string {
  const rows = [CSV_COLUMNS.map(csvCell).join(',')];
  for (const e of entries) {
    const values: Record<(typeof CSV_COLUMNS)[number], string> = {
      at: e.at,
      action: e.action,
      actorName: e.actor?.name ?? '',
      actorAadObjectId: e.actor?.aadObjectId ?? '',
      workspace: e.workspace ?? '',
      job: e.job ?? '',
      correlationId: e.correlationId ?? '',
      azureRequestId: e.azureRequestId ?? '',
      azureCorrelationId: e.azureCorrelationId ?? '',
      outcome: e.outcome ?? '',
      detail: e.detail && Object.keys(e.detail).length > 0 ? JSON.stringify(e.detail) : '',
    };
    rows.push(CSV_COLUMNS.map((c) => csvCell(values[c])).join(','));
  }
  return `${rows.join('\r\n')}\r\n`;
}

/**
 * One CSV field. Display names and reasons are typed by users, and a spreadsheet runs a cell
 * starting with = + - @ (or tab/CR) as a formula, so those get a leading apostrophe (OWASP
 * "CSV injection") before the usual quoting of commas, quotes and line breaks.
 */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
