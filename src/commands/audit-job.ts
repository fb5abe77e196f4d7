import { auditCard } from '../cards/audit-card';
import { AdaptiveCardV15 } from '../cards/types';
import { Deps } from '../deps';
import { resolveWorkspace } from '../jobs/workspace';

/** Enough to follow a request through its decision and result without the card growing large. */
export const AUDIT_CARD_ENTRIES = 30;

/**
 * `audit <job> [in <ws>]`: our own records about a job. Anyone who may use the bot may read
 * them, and no Azure call is made, so it also works for jobs Azure has since deleted.
 */
export async function auditJob(deps: Deps, jobName: string, alias: string | undefined): Promise<AdaptiveCardV15> {
  const ws = resolveWorkspace(deps.config, alias);
  const trail = await deps.audit.forJob(ws.alias, jobName, AUDIT_CARD_ENTRIES);
  return auditCard({ workspaceAlias: ws.alias, job: jobName, entries: trail.entries, earlier: trail.earlier });
}
