import { VERBS } from '../../src/cards/verbs';
import { Card, USERS, cardActions, cardText, firstCard, useTestBot } from '../helpers/test-bot';

const t = useTestBot();
beforeEach(() => {
  t.emulator.stats.reset();
  t.emulator.faults.clear();
});

async function askCancel(job: string, extra = ''): Promise<Card> {
  return firstCard((await t.send(`cancel ${job}${extra}`)).activities);
}

function button(card: Card, verb: string): { h: string; i?: number } {
  const a = cardActions(card).find((x) => x.verb === verb);
  if (!a) throw new Error(`no ${verb} button in ${cardText(card)}`);
  return a.data;
}

describe('cancel (non-production)', () => {
  it('shows a confirmation card with the job facts and cancels nothing yet', async () => {
    t.emulator.addJob({ name: 'cancel-me-1', status: 'Running', experimentName: 'exp-a' });
    const card = await askCancel('cancel-me-1', ' because runaway, 9h on 8 GPUs');
    const text = cardText(card);
    expect(text).toContain('Cancel cancel-me-1?');
    expect(text).toContain('Experiment: exp-a');
    expect(text).toContain('Reason: runaway, 9h on 8 GPUs');
    expect(cardActions(card).map((a) => a.title)).toEqual(['Cancel job', 'Keep running']);
    const c = t.emulator.stats.snapshot().counts;
    expect(c.jobCancel ?? 0).toBe(0);
  });

  it('on confirm cancels through the SDK, re-reads the job and says who and when', async () => {
    t.emulator.addJob({ name: 'cancel-me-2', status: 'Running' });
    const card = await askCancel('cancel-me-2');
    t.emulator.stats.reset();
    const r = await t.invoke(VERBS.cancelConfirm, button(card, VERBS.cancelConfirm));
    expect(r.status).toBe(200);
    const text = cardText(r.body.value);
    expect(text).toMatch(/Cancel (requested|led) by Alice Operator/);
    expect(text).toMatch(/CancelRequested|Canceled/);
    const c = t.emulator.stats.snapshot().counts;
    expect(c.jobCancel).toBe(1);
    expect(c.jobGet).toBe(2);
    const job = await t.bot.deps.azureml.getJob(t.config.workspaces.dev!, 'cancel-me-2');
    expect(['CancelRequested', 'Canceled']).toContain(job.status);
  });

  it('a second click, a replayed invoke and a second user all cancel only once', async () => {
    t.emulator.addJob({ name: 'cancel-me-3', status: 'Running' });
    const data = button(await askCancel('cancel-me-3'), VERBS.cancelConfirm);
    t.emulator.stats.reset();
    const results = await Promise.all([
      t.invoke(VERBS.cancelConfirm, data),
      t.invoke(VERBS.cancelConfirm, data, { user: USERS.marco }),
      t.invoke(VERBS.cancelConfirm, data),
    ]);
    for (const r of results) expect(r.status).toBe(200);
    expect(t.emulator.stats.snapshot().counts.jobCancel).toBe(1);
    const replay = await t.invoke(VERBS.cancelConfirm, data);
    expect(cardText(replay.body.value)).toMatch(/by (Alice Operator|Marco Manager)/);
    expect(t.emulator.stats.snapshot().counts.jobCancel).toBe(1);
  });

  it('"Keep running" leaves the job alone and the card says so', async () => {
    t.emulator.addJob({ name: 'keep-me-1', status: 'Running' });
    const card = await askCancel('keep-me-1');
    const r = await t.invoke(VERBS.cancelKeep, button(card, VERBS.cancelKeep));
    expect(cardText(r.body.value)).toMatch(/Kept running — Alice Operator/);
    const again = await t.invoke(VERBS.cancelConfirm, button(card, VERBS.cancelConfirm));
    expect(cardText(again.body.value)).toMatch(/Kept running/);
    expect(t.emulator.stats.snapshot().counts.jobCancel ?? 0).toBe(0);
  });

  it('a job that finished before the confirm is not cancelled, and the card says why', async () => {
    t.emulator.addJob({ name: 'ends-soon-1', status: 'Running', endsInMs: 60_000 });
    const card = await askCancel('ends-soon-1');
    t.emulator.clock.advance(120_000);
    const r = await t.invoke(VERBS.cancelConfirm, button(card, VERBS.cancelConfirm));
    expect(cardText(r.body.value)).toMatch(/no longer running \(it is Completed\)/);
    expect(t.emulator.stats.snapshot().counts.jobCancel ?? 0).toBe(0);
  });

  it('a finished job gets "nothing to cancel" instead of a confirmation', async () => {
    t.emulator.addJob({ name: 'done-1', status: 'Completed' });
    const card = await askCancel('done-1');
    expect(cardText(card)).toMatch(/nothing to cancel/);
    expect(cardActions(card).map((a) => a.verb)).not.toContain(VERBS.cancelConfirm);
  });

  it('works with the long-running (202 + Location) cancel as well', async () => {
    t.emulator.setCancelMode('lro');
    try {
      t.emulator.addJob({ name: 'cancel-lro-1', status: 'Running' });
      const card = await askCancel('cancel-lro-1');
      const r = await t.invoke(VERBS.cancelConfirm, button(card, VERBS.cancelConfirm));
      expect(cardText(r.body.value)).toMatch(/Cancel (requested|led) by Alice Operator/);
      expect(t.emulator.stats.snapshot().counts.jobCancel).toBe(1);
    } finally {
      t.emulator.setCancelMode('sync');
    }
  });

  it('an Azure failure on cancel is a clear message on the card, not a stack trace', async () => {
    t.emulator.addJob({ name: 'cancel-fail-1', status: 'Running' });
    const card = await askCancel('cancel-fail-1');
    t.emulator.faults.queue({ status: 403 });
    const r = await t.invoke(VERBS.cancelConfirm, button(card, VERBS.cancelConfirm));
    const text = cardText(r.body.value);
    expect(text).toMatch(/jobs\/cancel\/action|not allowed/);
    expect(text).toMatch(/Press "Cancel job" to try again/);
    expect(text).not.toMatch(/\n\s+at /);
    // Azure did not take it: the same button works once Azure does.
    const again = await t.invoke(VERBS.cancelConfirm, button(card, VERBS.cancelConfirm));
    expect(cardText(again.body.value)).toMatch(/Cancel (requested|led) by Alice Operator/);
    expect(t.emulator.stats.snapshot().counts.jobCancel).toBe(1);
  });
});

describe('cancel (production and permissions)', () => {
  it('a non-operator of prod is told so before any Azure call', async () => {
    const r = await t.send('cancel serve-model-refresh-203 in prod', { user: USERS.eve });
    expect(r.activities[0]!.text).toMatch(/Only operators of `prod`/);
    expect(t.emulator.stats.snapshot().counts.jobGet ?? 0).toBe(0);
  });

  it('the Cancel button on a show card leads to the same confirmation', async () => {
    t.emulator.addJob({ name: 'cancel-me-4', status: 'Running' });
    const show = firstCard((await t.send('show cancel-me-4')).activities);
    const r = await t.invoke(VERBS.cancelRequest, button(show, VERBS.cancelRequest));
    expect(cardText(r.body.value)).toContain('Cancel cancel-me-4?');
  });
});
