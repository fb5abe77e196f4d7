import { VERBS } from '../../src/cards/verbs';
import { USERS, cardText, firstCard, useTestBot } from '../helpers/test-bot';
import { requestId } from '../helpers/approval-harness';

/** Model promotion: evidence card, separation of duties, registration through the SDK, audit trail. */
const t = useTestBot();
beforeAll(() => {
  t.emulator.addJob({ name: 'promo-train-1', workspace: 'mlw-prod', status: 'Completed', tags: { auc: '0.93', team: 'fraud' } });
  t.emulator.addJob({ name: 'promo-train-2', workspace: 'mlw-prod', status: 'Completed' });
  t.emulator.addJob({ name: 'promo-train-3', workspace: 'mlw-prod', status: 'Completed' });
  t.emulator.addJob({ name: 'promo-running', workspace: 'mlw-prod', status: 'Running' });
  t.emulator.addJob({ name: 'promo-dev-1', workspace: 'mlw-dev', status: 'Completed' });
});
beforeEach(() => {
  t.emulator.stats.reset();
});

const GROUP = { conversationType: 'groupChat' as const, conversationId: 'g:promote' };
const counts = (): Partial<Record<string, number>> => t.emulator.stats.snapshot().counts;
const said = (activities: { text?: string }[]): string => activities.map((a) => a.text ?? '').join('\n');

/** The model version as the emulator's ARM API reports it (what Azure would confirm). */
async function modelVersion(name: string, version: string): Promise<{ status: number; body: { name?: string; properties?: { modelUri?: string; jobName?: string; tags?: Record<string, string> } } }> {
  const ws = t.config.workspaces.prod!;
  const url = `${t.emulator.url}/subscriptions/${ws.subscriptionId}/resourceGroups/${ws.resourceGroup}/providers/Microsoft.MachineLearningServices/workspaces/${ws.workspace}/models/${name}/versions/${version}?api-version=2024-04-01`;
  const res = await fetch(url, { headers: { authorization: 'Bearer test' } });
  return { status: res.status, body: (await res.json()) as never };
}

describe('promote <job> in prod as <model>', () => {
  let first: string;

  it('shows an evidence card with the output path it would register; nothing is registered yet', async () => {
    const card = firstCard((await t.send('promote promo-train-1 in prod as fraud-model', GROUP)).activities);
    first = requestId(card);
    const text = cardText(card);
    expect(text).toContain('Approval: Promote promo-train-1 as fraud-model');
    expect(text).toContain('Registers: azureml://jobs/promo-train-1/outputs/default');
    expect(text).toMatch(/Tags \/ metrics: .*auc=0\.93/);
    expect(text).toContain('Requested by: Alice Operator');
    expect(counts().modelVersionPut ?? 0).toBe(0);
  });

  it('self-approval is refused; approval by Marco registers version 1, confirmed by a GET', async () => {
    const self = await t.invoke(VERBS.approvalApprove, { h: first }, { ...GROUP, user: USERS.alice });
    expect(cardText(self.body.value)).toMatch(/Not allowed/);
    expect(counts().modelVersionPut ?? 0).toBe(0);

    const r = await t.invoke(VERBS.approvalApprove, { h: first }, { ...GROUP, user: USERS.marco });
    expect(cardText(r.body.value)).toMatch(/Registered fraud-model version 1 — approved by Marco Manager .* requested by Alice Operator/);
    expect(counts().modelVersionPut).toBe(1);
    expect(counts().modelVersionGet).toBe(1);
    const v = await modelVersion('fraud-model', '1');
    expect(v.status).toBe(200);
    expect(v.body.properties?.modelUri).toBe('azureml://jobs/promo-train-1/outputs/default');
    expect(v.body.properties?.tags).toMatchObject({ 'jobops.sourceJob': 'promo-train-1', 'jobops.approvalId': first, 'jobops.approvedBy': 'Marco Manager' });
    // A second press registers nothing more.
    await t.invoke(VERBS.approvalApprove, { h: first }, { ...GROUP, user: USERS.marco });
    expect(counts().modelVersionPut).toBe(1);
  });

  it('an approver who asked for a promotion cannot approve it (separation of duties)', async () => {
    const id = requestId(firstCard((await t.send('promote promo-train-3 in prod as fraud-model', { ...GROUP, user: USERS.marco })).activities));
    const r = await t.invoke(VERBS.approvalApprove, { h: id }, { ...GROUP, user: USERS.marco });
    expect(cardText(r.body.value)).toMatch(/someone else has to approve it \(separation of duties\)/);
    expect(counts().modelVersionPut ?? 0).toBe(0);
    expect((await t.bot.deps.approvals.get(id))?.value.state).toBe('pending');
  });

  it('a second promotion of another job to the same model gets version 2', async () => {
    const id = requestId(firstCard((await t.send('promote promo-train-2 in prod as fraud-model', GROUP)).activities));
    const r = await t.invoke(VERBS.approvalApprove, { h: id }, { ...GROUP, user: USERS.marco });
    expect(cardText(r.body.value)).toMatch(/Registered fraud-model version 2/);
    expect((await modelVersion('fraud-model', '2')).body.properties?.jobName).toBe('promo-train-2');
    expect((await modelVersion('fraud-model', '1')).body.properties?.jobName).toBe('promo-train-1');
  });

  it('a job that is not Completed, or a workspace without approvers, is refused with a clear message', async () => {
    const running = await t.send('promote promo-running in prod as fraud-model', GROUP);
    expect(said(running.activities)).toMatch(/Only Completed jobs can be promoted; `promo-running` is Running/);
    const dev = await t.send('promote promo-dev-1 in dev as fraud-model', GROUP);
    expect(said(dev.activities)).toMatch(/`dev` has no approvers configured, so nothing there can be approved/);
    expect(counts().modelVersionPut ?? 0).toBe(0);
  });

  it('`audit <job> in prod` shows requested, approved and azure.model.register', async () => {
    const text = cardText(firstCard((await t.send('audit promo-train-1 in prod', GROUP)).activities));
    expect(text).toMatch(/approval\.requested/);
    expect(text).toMatch(/approval\.approved — Marco Manager/);
    expect(text).toMatch(/azure\.model\.register — Marco Manager/);
    expect(text).toMatch(/version 1/);
  });
});
