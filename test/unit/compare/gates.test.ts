import { parseGate } from '../../../src/evidence/gate-rules';
import { evaluateGates } from '../../../src/evidence/gates';
import { loadConfig } from '../../../src/config';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const m = (key: string, value: number) => ({ key, value, step: 20 });

describe('acceptance gate rules', () => {
  it.each([
    ['auc >= 0.92', { metric: 'auc', kind: 'threshold', op: '>=', value: 0.92 }],
    ['latency_ms<=40', { metric: 'latency_ms', kind: 'threshold', op: '<=', value: 40 }],
    ['auc not worse than current by more than 0.5%', { metric: 'auc', kind: 'not-worse', tolerancePct: 0.5 }],
    ['f1 within 1% of current', { metric: 'f1', kind: 'not-worse', tolerancePct: 1 }],
  ])('%s parses', (text, want) => {
    expect(parseGate(text)).toMatchObject(want);
  });

  it('a rule that does not parse stops the config load, naming the rule', () => {
    expect(parseGate('auc is good')).toMatch(/"auc is good" is not a gate/);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gates-'));
    const file = path.join(dir, 'jobops.json');
    fs.writeFileSync(file, JSON.stringify({ defaultWorkspace: 'dev', workspaces: { dev: { subscriptionId: 's', resourceGroup: 'r', workspace: 'w', promotionGates: { m: ['auc is good'] } } } }));
    expect(() => loadConfig({ JOBOPS_CONFIG: file }, dir)).toThrow(/promotionGates\.m\.0: "auc is good" is not a gate/);
  });
});

describe('evaluateGates', () => {
  const gates = ['auc >= 0.92', 'latency_ms <= 40', 'auc not worse than current by more than 0.5%', 'latency_ms not worse than current by more than 10%'].map((g) => parseGate(g) as Exclude<ReturnType<typeof parseGate>, string>);
  const current = { version: '3', metrics: [m('auc', 0.93), m('latency_ms', 30)] };

  it('passes and fails each rule on what the run logged, with the numbers it saw', () => {
    const r = evaluateGates(gates, [m('auc', 0.95), m('latency_ms', 34)], current);
    expect(r.map((g) => g.passed)).toEqual([true, true, true, false]);
    expect(r[3]!.detail).toBe('34 vs 30 in version 3 (+13.33%)');
  });

  it('a missing, NaN or infinite metric fails its gate; no current version passes the comparison gates', () => {
    const r = evaluateGates(gates, [m('latency_ms', Infinity)], undefined);
    expect(r.map((g) => [g.passed, g.detail])).toEqual([
      [false, 'auc was not logged by this run'], [false, 'latency_ms is ∞'], [false, 'auc was not logged by this run'], [false, 'latency_ms is ∞'],
    ]);
    expect(evaluateGates(gates.slice(2, 3), [m('auc', 0.9)], undefined)[0]).toMatchObject({ passed: true, detail: 'no current version to compare with' });
    expect(evaluateGates(gates.slice(0, 1), [m('auc', NaN)], current)[0]).toMatchObject({ passed: false, detail: 'auc is NaN' });
  });
});
