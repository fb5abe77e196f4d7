import { AuditEntry } from '../shared/audit-log';
import { plain } from './format';
import { AdaptiveCardV15, CardElement, card } from './types';

export interface AuditCardModel {
  workspaceAlias: string;
  job: string;
  /** Oldest first; the caller has already cut the list to what fits. */
  entries: AuditEntry[];
  /** Older entries left out. */
  earlier: number;
}

/**
 * Per-entry caps keep even a full card (30 entries of maximal text) near 15 KB, well under
 * Teams' 28 KB message limit, without the builder having to measure itself. An override of failed
 * acceptance gates gets room of its own (gates, then the reason): a card of 30 such entries stays under 25 KB.
 */
const MAX_NAME = 60;
const MAX_ACTION = 40;
const MAX_OUTCOME = 160;
const MAX_DETAIL = 160;
const MAX_GATES = 160;
const MAX_REASON = 200;
/** The rest of an override entry's detail (its approval id and kind): short, the override is the point. */
const MAX_OVERRIDE_REST = 60;

/** `audit <job>`: who did what to a job and when, newest last, one fact per entry. */
export function auditCard(m: AuditCardModel): AdaptiveCardV15 {
  const job = plain(m.job, 255);
  const title = `Audit trail — ${job} in ${plain(m.workspaceAlias, 32)}`;
  const body: CardElement[] = [{ type: 'TextBlock', text: title, weight: 'bolder', size: 'medium', wrap: true }];
  if (m.entries.length === 0) {
    body.push({ type: 'TextBlock', text: `Nothing recorded for ${job} yet.`, wrap: true, isSubtle: true });
    return card(body, [], `${title}: nothing recorded yet.`);
  }
  if (m.earlier > 0) {
    body.push({ type: 'TextBlock', text: `… ${m.earlier} earlier ${m.earlier === 1 ? 'entry' : 'entries'} not shown`, wrap: true, isSubtle: true });
  }
  body.push({ type: 'FactSet', facts: m.entries.map((e) => ({ title: when(e.at), value: line(e) })) });
  return card(body, [], `${title}: ${m.entries.length} entries`);
}

/** "2024-07-24 12:00:05 UTC": seconds matter when a request and its confirmation are close. */
function when(at: string): string {
  const d = new Date(at);
  return Number.isNaN(d.getTime()) ? plain(at, 40) : `${d.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/**
 * "cancel.result — Alice Operator — cancelled: CancelRequested (reason: runaway)". A promotion asked despite failed
 * gates reads "approval.requested — Alice Operator — overrode failed gates: latency_ms <= 40 — reason: …": the gates
 * and the reason come before the rest of the detail, so a long reason cannot push the gates out of the cut.
 */
function line(e: AuditEntry): string {
  const who = plain(e.actor?.name ?? e.actor?.id ?? 'unknown', MAX_NAME);
  const parts = [plain(e.action, MAX_ACTION), who];
  if (e.outcome) parts.push(plain(e.outcome, MAX_OUTCOME));
  const { gatesOverridden, reason, ...others } = e.detail ?? {};
  const override = gatesOverridden !== undefined;
  if (override) {
    parts.push(`overrode failed gates: ${plain(String(gatesOverridden), MAX_GATES)}`);
    if (reason !== undefined) parts.push(`reason: ${plain(String(reason), MAX_REASON)}`);
  }
  const detail = Object.entries(override ? others : (e.detail ?? {})).map(([k, v]) => `${k}: ${String(v)}`).join(', ');
  const text = parts.join(' — ');
  return detail ? `${text} (${plain(detail, override ? MAX_OVERRIDE_REST : MAX_DETAIL)})` : text;
}
