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
  const r = await client.message(`cancel ${job} in prod because fault run`, { ...GROUP, user: ALICE });
  const card = firstCard(r.activities) as { refresh?: { action: { data: { h: string } } } } | undefined;
  return card?.refresh?.action.data.h;
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
  const per = new Map<string, number>();
  const re = new RegExp(`${jobPrefix}\\d+`);
  for (const call of stack.connector.calls) {
    if (call.status !== 200 || !call.conversationId || call.conversationId.includes(';messageid=')) continue;
    const att = (call.body?.attachments ?? []) as { content: unknown }[];
    const m = re.exec(cardText(att[0]?.content));
    if (m) per.set(`${call.conversationId}|${m[0]}`, (per.get(`${call.conversationId}|${m[0]}`) ?? 0) + 1);
  }
  return per;
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
