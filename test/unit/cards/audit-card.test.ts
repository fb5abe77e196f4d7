import { auditCard } from '../../../src/cards/audit-card';
import { AuditEntry } from '../../../src/shared/audit-log';
import { expectCardShape, expectSafeActions } from './card-rules';
import { allText, cardBytes, textsOf } from './factory';

const alice = { id: '29:alice', name: 'Alice Operator', aadObjectId: 'a1' };

function entry(over: Partial<AuditEntry> = {}): AuditEntry {
  return { at: '2024-07-24T12:00:05.123Z', action: 'cancel.requested', actor: alice, workspace: 'dev', job: 'train-42', correlationId: 'c1', ...over };
}

describe('auditCard', () => {
  it('shows one line per entry: UTC time with seconds, action, who, outcome and detail', () => {
    const c = auditCard({
      workspaceAlias: 'dev',
      job: 'train-42',
      earlier: 0,
      entries: [
        entry({ detail: { reason: 'runaway' } }),
        entry({ at: '2024-07-24T12:00:09.000Z', action: 'cancel.confirmed' }),
        entry({ at: '2024-07-24T12:00:10.000Z', action: 'cancel.result', outcome: 'cancelled: CancelRequested' }),
      ],
    });
    expectCardShape(c);
    expectSafeActions(c, []);
    expect(c.actions).toBeUndefined();
    expect(textsOf(c)).toEqual([
      'Audit trail — train-42 in dev',
      '2024-07-24 12:00:05 UTC: cancel.requested — Alice Operator (reason: runaway)',
      '2024-07-24 12:00:09 UTC: cancel.confirmed — Alice Operator',
      '2024-07-24 12:00:10 UTC: cancel.result — Alice Operator — cancelled: CancelRequested',
    ]);
  });

  it('says how many earlier entries are not shown', () => {
    expect(allText(auditCard({ workspaceAlias: 'dev', job: 'j', entries: [entry()], earlier: 12 }))).toContain('… 12 earlier entries not shown');
    expect(allText(auditCard({ workspaceAlias: 'dev', job: 'j', entries: [entry()], earlier: 1 }))).toContain('… 1 earlier entry not shown');
    expect(allText(auditCard({ workspaceAlias: 'dev', job: 'j', entries: [entry()], earlier: 0 }))).not.toContain('earlier');
  });

  it('says so when nothing is recorded', () => {
    const c = auditCard({ workspaceAlias: 'dev', job: 'never-touched', entries: [], earlier: 0 });
    expectCardShape(c);
    expect(allText(c)).toContain('Nothing recorded for never-touched yet.');
  });

  it('neutralises links in user-typed text (display names, reasons)', () => {
    const c = auditCard({
      workspaceAlias: 'dev',
      job: 'j',
      earlier: 0,
      entries: [entry({ actor: { name: '[IT desk](https://evil.example)' }, detail: { reason: '[click](https://evil.example)' } })],
    });
    expect(allText(c)).not.toContain('](');
  });

  it('stays well under the 28 KB Teams limit with 30 entries of maximal text', () => {
    const long = 'x'.repeat(5_000);
    const entries = Array.from({ length: 30 }, () =>
      entry({ action: long, actor: { name: long }, outcome: long, detail: { reason: long, more: long } }),
    );
    expect(cardBytes(auditCard({ workspaceAlias: 'dev', job: 'j', entries, earlier: 999 }))).toBeLessThan(20_000);
  });

  it('an override shows its gates, then the reason, before the rest of the detail: a long reason cannot hide the gates', () => {
    const reason = `latency is measured on the old CPU pool; ${'the new pool is 30% faster, see the load test. '.repeat(3)}`.trim();
    const c = auditCard({
      workspaceAlias: 'prod', job: 'train-21', earlier: 0,
      entries: [entry({ action: 'approval.requested', detail: { approvalId: 'AbCdEfGhIjKlMnOpQrStUv', kind: 'promote', reason, gatesOverridden: 'latency_ms <= 40; auc not worse than current by more than 0.5%' } })],
    });
    const [, fact] = textsOf(c);
    expect(fact).toMatch(/^2024-07-24 12:00:05 UTC: approval\.requested — Alice Operator — overrode failed gates: latency_ms <= 40; auc not worse than current by more than 0\.5% — reason: latency is measured on the old CPU pool; the new pool/);
    expect(reason.length).toBeGreaterThan(160);
    expect(fact).toContain(`— reason: ${reason} (approvalId: AbCdEfGhIjKlMnOpQrStUv, kind: promote)`);
  });

  it('a full card of maximal override entries stays under the 28 KB Teams limit', () => {
    const long = 'x'.repeat(5_000);
    const entries = Array.from({ length: 30 }, () => entry({ action: long, actor: { name: long }, outcome: long, detail: { reason: long, gatesOverridden: long, more: long } }));
    expect(cardBytes(auditCard({ workspaceAlias: 'dev', job: 'j', entries, earlier: 999 }))).toBeLessThan(25_000);
  });

  it('shows an unparseable time as it was stored rather than "Invalid Date"', () => {
    expect(allText(auditCard({ workspaceAlias: 'dev', job: 'j', entries: [entry({ at: 'yesterday' })], earlier: 0 }))).toContain('yesterday: ');
  });
});
