/** Shared pieces of the fault runs: PASS/FAIL lines, the people and conversations, and the flows they drive. */
import path from 'node:path';
import { VERBS } from '../../src/cards/verbs';
import { cardActions, cardText } from '../helpers/test-bot';
import { USERS } from '../helpers/test-bot';
import { runEvent } from '../helpers/event-grid';
import { brokenText } from '../soak/lib/checks';
import { Client, Envelope, Reply, Stack, postEventBatch } from '../soak/lib/stack';
import { FAULT_RESULTS, recordFaultRun } from './results';

export interface Check {
  name: string;
  pass: boolean;
  detail: string;
}

/** Prints the checks and records them (test/faults/results.ts) for `npm run matrix` and bench/results/faults-latest.md. */
export function report(run: string, checks: Check[]): boolean {
  for (const c of checks) console.log(`${c.pass ? 'PASS' : 'FAIL'} [${run}] ${c.name}: ${c.detail}`);
  try {
    recordFaultRun(run, checks);
    console.log(`recorded [${run}] in ${path.relative(process.cwd(), FAULT_RESULTS)} and bench/results/faults-latest.md`);
  } catch (err) {
    console.error(`could not record [${run}]: ${String(err)}`);
  }
  return checks.every((c) => c.pass);
}

export const ALICE = USERS.alice;
export const MARCO = USERS.marco;
export const GROUP: Omit<Envelope, 'user'> = { conversationId: '19:faults-group@unq.gbl.spaces', conversationType: 'groupChat' };
export const PERSONAL: Omit<Envelope, 'user'> = { conversationId: 'a:faults-alice', conversationType: 'personal' };
export function channel(i: number): Omit<Envelope, 'user'> & { root: string } {
  const root = `19:faults-ch${i}@thread.tacv2`;
  return { conversationId: `${root};messageid=${100 + i}`, conversationType: 'channel', channelId: root, root };
}

export function firstCard(replies: Reply[]): unknown {
  return replies.flatMap((a) => a.attachments ?? []).find((a) => a.contentType.includes('adaptive'))?.content;
}

export function replyText(x: unknown): string {
  if (Array.isArray(x)) return (x as Reply[]).map((a) => [a.text ?? '', cardText(firstCard([a]))].join('\n')).join('\n');
  return typeof x === 'string' ? x : cardText(x);
}

export function isBroken(x: unknown): string | undefined {
  const b = brokenText(x);
  return b.length ? `${b[0]!.kind}: ${b[0]!.sample}` : undefined;
}

/** Asks for a prod cancel in the group chat (Alice) and returns the approval request id from the card. */
export async function askApproval(client: Client, job: string): Promise<string | undefined> {
  return (await askApprovalWithReply(client, job)).handle;
}

/** The approval card's handle, and what the bot said (kept when there is no card, e.g. during a storage outage). */
export async function askApprovalWithReply(client: Client, job: string): Promise<{ handle?: string; text: string; raw: unknown }> {
  const r = await client.message(`cancel ${job} in prod because fault run`, { ...GROUP, user: ALICE });
  const card = firstCard(r.activities) as { refresh?: { action: { data: { h: string } } } } | undefined;
  return { handle: card?.refresh?.action.data.h, text: replyText(r.activities), raw: r.activities };
}

export async function approve(client: Client, h: string): Promise<{ status: number; text: string; raw: unknown }> {
  const r = await client.invoke(VERBS.approvalApprove, { h }, { ...GROUP, user: MARCO });
  return { status: r.status, text: replyText(r.body.value), raw: r.body.value };
}

export async function refresh(client: Client, h: string): Promise<string> {
  const r = await client.invoke(VERBS.approvalRefresh, { h }, { ...GROUP, user: MARCO, trigger: 'automatic' });
  return replyText(r.body.value);
}

/** Dev cancel: the confirmation card's confirm button data, or undefined with the reply text. */
export async function askCancel(client: Client, job: string): Promise<{ confirm?: unknown; text: string; raw: unknown }> {
  const r = await client.message(`cancel ${job}`, { ...PERSONAL, user: ALICE });
  return { confirm: cardActions(firstCard(r.activities)).find((a) => a.verb === VERBS.cancelConfirm)?.data, text: replyText(r.activities), raw: r.activities };
}

export async function confirmCancel(client: Client, data: unknown): Promise<{ status: number; text: string; raw: unknown }> {
  const r = await client.invoke(VERBS.cancelConfirm, data, { ...PERSONAL, user: ALICE });
  return { status: r.status, text: replyText(r.body.value), raw: r.body.value };
}

/** Accepted connector calls per "<channel root>|<job>" for cards that mention a job with the given prefix. */
export function noticesPerKey(stack: Stack, jobPrefix: string): Map<string, number> {
  // A job is told once when a delivered card names it: its own notice, or the same-cause card growing in place
  // (PUTs). A second new card (POST) naming it in the same conversation is the duplicate.
  const per = new Map<string, number>();
  const re = new RegExp(`${jobPrefix}\\d+`, 'g');
  for (const call of stack.connector.calls) {
    if (call.status !== 200 || !call.conversationId || call.conversationId.includes(';messageid=')) continue;
    const att = (call.body?.attachments ?? []) as { content: unknown }[];
    for (const job of new Set(cardText(att[0]?.content).match(re) ?? [])) {
      const key = `${call.conversationId}|${job}`;
      per.set(key, (per.get(key) ?? 0) + (call.method === 'POST' ? 1 : 0));
    }
  }
  for (const [k, n] of per) if (n === 0) per.set(k, 1);
  return per;
}

/**
 * After a kill -9 mid-drain: every notice delivered, and a second copy only of a send that was in flight at the kill
 * (accepted by Teams less than `inFlightMs` before it, so the dead process never recorded it). Teams' send API has no
 * idempotency key, so that one copy per conversation (the sender sends one at a time per conversation) is the
 * unavoidable cost of at-least-once delivery; anything beyond it fails.
 */
export function onceExceptInFlight(stack: Stack, jobPrefix: string, expected: string[], killedAt: number, inFlightMs = 2_000): { pass: boolean; detail: string } {
  const per = noticesPerKey(stack, jobPrefix);
  const base = exactlyOnce(per, expected);
  const re = new RegExp(`${jobPrefix}\\d+`);
  const firstAt = new Map<string, number>();
  for (const call of stack.connector.calls) {
    if (call.status !== 200 || !call.conversationId || call.conversationId.includes(';messageid=')) continue;
    for (const job of cardText(((call.body?.attachments ?? []) as { content: unknown }[])[0]?.content).match(new RegExp(re.source, 'g')) ?? []) {
      const k = `${call.conversationId}|${job}`;
      if (!firstAt.has(k)) firstAt.set(k, call.at ?? 0);
    }
  }
  const missing = expected.filter((k) => !per.has(k));
  const dupes = [...per.entries()].filter(([, n]) => n > 1).map(([k, n]) => ({ k, n, conv: k.slice(0, k.lastIndexOf('|')), inFlight: n === 2 && killedAt - (firstAt.get(k) ?? 0) <= inFlightMs && (firstAt.get(k) ?? 0) <= killedAt }));
  const perConv = new Map<string, number>();
  for (const d of dupes) if (d.inFlight) perConv.set(d.conv, (perConv.get(d.conv) ?? 0) + 1);
  const bad = dupes.filter((d) => !d.inFlight || (perConv.get(d.conv) ?? 0) > 1);
  const inFlight = dupes.filter((d) => d.inFlight && !bad.includes(d));
  return {
    pass: missing.length === 0 && bad.length === 0,
    detail: `${base.detail}; ${inFlight.length} second cop${inFlight.length === 1 ? 'y' : 'ies'} of a send in flight at the kill${inFlight.length ? ` (${inFlight.map((d) => `${d.k}, first accepted ${killedAt - (firstAt.get(d.k) ?? 0)} ms before`).join('; ')})` : ''}; ${bad.length} other duplicates`,
  };
}

export function exactlyOnce(per: Map<string, number>, expected: string[]): { pass: boolean; detail: string } {
  const missing = expected.filter((k) => !per.has(k));
  const dupes = [...per.entries()].filter(([, n]) => n > 1);
  return { pass: missing.length === 0 && dupes.length === 0, detail: `${expected.length - missing.length}/${expected.length} delivered, ${dupes.length} duplicated${dupes.length ? ` (${dupes.slice(0, 3).map(([k, n]) => `${k}×${n}`).join(', ')})` : ''}, ${missing.length} missing${missing.length ? ` (${missing.slice(0, 3).join(', ')})` : ''}` };
}

/** Event Grid "status changed" events for these jobs in dev, plus `noise` more about other jobs. */
export function batchFor(jobs: string[], noise: string[], noiseCount: number): unknown[] {
  const out = jobs.map((j) => runEvent(j, 'failed'));
  for (let i = 0; i < noiseCount; i++) out.push(runEvent(noise[i % noise.length]!, 'running'));
  return out;
}

export { postEventBatch };
