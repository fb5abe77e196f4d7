import { CancelCardModel, CancelCardState, cancelCard } from '../../../src/cards/cancel-card';
import { VERBS } from '../../../src/cards/verbs';
import { expectCardShape, expectSafeActions } from './card-rules';
import { H, NOW, allText, factsOf, makeJob } from './factory';

const AT = new Date('2024-07-24T11:58:00Z');

function model(state: CancelCardState, over: Partial<CancelCardModel> = {}): CancelCardModel {
  return {
    workspaceAlias: 'dev',
    job: makeJob({ name: 'sweep-42', type: 'Sweep' }),
    requestedBy: 'Priya Patel',
    reason: 'runaway, 9h on 8 GPUs',
    now: NOW,
    state,
    showHandle: H.show,
    ...over,
  };
}

const states: [string, CancelCardState, string, string | undefined][] = [
  ['confirm', { kind: 'confirm', confirmHandle: H.cancel, keepHandle: H.keep }, 'This stops the job and cannot be undone.', 'attention'],
  ['kept', { kind: 'kept', by: 'Marco', at: AT }, 'Kept running — Marco chose not to cancel at 2024-07-24 11:58 UTC.', undefined],
  ['cancelled (confirmed)', { kind: 'cancelled', by: 'Marco', at: AT, confirmed: true }, 'Cancelled by Marco at 2024-07-24 11:58 UTC.', undefined],
  [
    'cancelled (requested)',
    { kind: 'cancelled', by: 'Marco', at: AT, confirmed: false },
    'Cancel requested by Marco at 2024-07-24 11:58 UTC; Azure ML is stopping the job.',
    undefined,
  ],
  ['not-cancellable', { kind: 'not-cancellable', reason: 'sweep-42 already Completed.' }, 'sweep-42 already Completed.', undefined],
  ['failed', { kind: 'failed', message: 'I could not cancel it (ref abcd1234).' }, 'I could not cancel it (ref abcd1234).', 'attention'],
];

describe('cancelCard', () => {
  it.each(states)('%s: says what happened right under the status', (_name, state, outcome, color) => {
    const c = cancelCard(model(state));
    expectCardShape(c);
    expect(c.body[1]).toMatchObject({ text: '▶️ Running' });
    expect(c.body[2]).toMatchObject({ type: 'TextBlock', text: outcome });
    expect((c.body[2] as { color?: string }).color).toBe(color);
    expectSafeActions(c, ['sweep-42', 'dev']);
  });

  it.each(states)('%s: matches the snapshot', (_name, state) => {
    expect(cancelCard(model(state))).toMatchSnapshot();
  });

  it('asks before acting: a question title, Cancel job (destructive) and Keep running', () => {
    const c = cancelCard(model(states[0]![1]));
    expect(c.body[0]).toMatchObject({ text: 'Cancel sweep-42?' });
    expect(c.actions).toEqual([
      { type: 'Action.Execute', title: 'Cancel job', verb: VERBS.cancelConfirm, data: { h: H.cancel }, style: 'destructive' },
      { type: 'Action.Execute', title: 'Keep running', verb: VERBS.cancelKeep, data: { h: H.keep } },
    ]);
  });

  it.each(states.slice(1))('%s: only a Show job button remains once decided', (_name, state) => {
    const c = cancelCard(model(state));
    expect(c.body[0]).toMatchObject({ text: 'Cancel sweep-42' });
    expect(c.actions).toEqual([{ type: 'Action.Execute', title: 'Show job', verb: VERBS.showJob, data: { h: H.show } }]);
  });

  it('shows the facts a person decides on', () => {
    expect(factsOf(cancelCard(model(states[0]![1])))).toEqual({
      Workspace: 'dev',
      Type: 'Sweep',
      Experiment: 'nightly-retrain',
      Submitter: 'Priya Patel',
      Compute: 'gpu-cluster',
      'Running for': '2h 0m',
      'Requested by': 'Priya Patel',
      Reason: 'runaway, 9h on 8 GPUs',
    });
    const noReason = factsOf(cancelCard(model(states[0]![1], { reason: undefined, job: makeJob({ startedAt: undefined }) })));
    expect(noReason).not.toHaveProperty('Reason');
    expect(noReason['Running for']).toBe('not started');
  });

  it('truncates a long reason with "…" and neutralises links in user text', () => {
    const c = cancelCard(model({ kind: 'kept', by: '[Marco](https://evil.example)', at: AT }, {
      reason: `[click](https://evil.example) ${'r'.repeat(600)}`,
      requestedBy: '[Priya](https://evil.example)',
    }));
    const f = factsOf(c);
    expect(f.Reason).toHaveLength(300 + 1); // plain() adds one space when it breaks "](".
    expect(f.Reason?.endsWith('…')).toBe(true);
    expect(allText(c)).not.toContain('](');
  });
});
