import { createHash } from 'node:crypto';

/**
 * The new job's name, fixed per request: `<job>-rerun-<6 hex>` from the request's id. A double click, a replayed
 * invoke or a retry after a lost answer all submit under this one name, so Azure holds one job (a PUT to an existing
 * name is an update, and we look the name up first). Job names are at most 255 characters.
 */
export function rerunName(job: string, requestId: string): string {
  const tag = createHash('sha256').update(`${job}\u0000${requestId}`).digest('hex').slice(0, 6);
  return `${job.slice(0, 255 - 13)}-rerun-${tag}`;
}
