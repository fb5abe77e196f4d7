import { mapMetricHistory, mapMlflowRun, metricNumber, mlflowRestBase } from '../../../src/azureml/mlflow-mapper';
import { environmentOf, mapJobSpec } from '../../../src/azureml/job-spec';
import { compareCard } from '../../../src/cards/compare-card';
import { commandDiff } from '../../../src/compare/command-diff';
import { compareView } from '../../../src/compare/compare-view';
import { formatDelta } from '../../../src/evidence/metric-direction';
import { Evidence } from '../../../src/evidence/run-evidence';
import { cardText } from '../../helpers/card-reading';

describe('MLflow shapes', () => {
  it('turns the workspace tracking URI into the REST base the azureml-mlflow plugin uses', () => {
    const id = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/ws';
    expect(mlflowRestBase(`azureml://eastus2.api.azureml.ms/mlflow/v1.0${id}`)).toBe(`https://eastus2.api.azureml.ms/mlflow/v1.0${id}/api/2.0/mlflow`);
    expect(mlflowRestBase(`azureml://127.0.0.1:5080/mlflow/v1.0${id}`)).toBe(`http://127.0.0.1:5080/mlflow/v1.0${id}/api/2.0/mlflow`);
    expect(() => mlflowRestBase('https://example.com/x')).toThrow(/mlFlowTrackingUri/);
  });

  it('reads runs/get: final values with step and time, string NaN/Infinity, params; drops malformed entries', () => {
    const r = mapMlflowRun({ run: { info: { run_id: 'j1' }, data: {
      metrics: [{ key: 'auc', value: 0.93, timestamp: 1717000000000, step: 20 }, { key: 'loss', value: 'NaN', timestamp: 1, step: 3 }, { key: 'x', value: '-Infinity' }, { value: 1 }, { key: 'bad', value: 'abc' }],
      params: [{ key: 'lr', value: '0.01' }, { key: 'n', value: 5 }],
    } } }, 'j1');
    expect(r.metrics.map((x) => [x.key, x.value, x.step])).toEqual([['auc', 0.93, 20], ['loss', NaN, 3], ['x', -Infinity, 0]]);
    expect(r.metrics[0]!.at?.toISOString()).toBe('2024-05-29T16:26:40.000Z');
    expect(r.params).toEqual({ lr: '0.01', n: '5' });
    expect(mapMlflowRun({}, 'j2')).toEqual({ runId: 'j2', metrics: [], params: {} });
    expect(mapMetricHistory({})).toEqual([]);
    expect(mapMetricHistory({ metrics: [{ key: 'a', value: 2, step: 2, timestamp: 5 }, { key: 'a', value: 1, step: 1, timestamp: 4 }] }).map((x) => x.value)).toEqual([1, 2]);
    expect([metricNumber('inf'), metricNumber('1e-3'), metricNumber(''), metricNumber(null)]).toEqual([Infinity, 0.001, undefined, undefined]);
  });

  it('reads the job spec: environment name and version, nodes, sweep objective, pipeline step bound to the output', () => {
    expect(environmentOf('/subscriptions/s/resourceGroups/r/providers/Microsoft.MachineLearningServices/workspaces/w/environments/sklearn-env/versions/3')).toEqual({ name: 'sklearn-env', version: '3' });
    expect(environmentOf('azureml:AzureML-sklearn-1.0@latest')).toEqual({ name: 'AzureML-sklearn-1.0', version: 'latest' });
    const sweep = mapJobSpec({ properties: { trial: { command: 'python t.py', environmentId: 'azureml:e:2', resources: { instanceCount: 2 } }, objective: { goal: 'Maximize', primaryMetric: 'acc' } } }, []);
    expect(sweep).toMatchObject({ command: 'python t.py', environment: { name: 'e', version: '2' }, nodeCount: 2, objective: { metric: 'acc', goal: 'maximize' } });
    const pipe = mapJobSpec({ properties: { jobs: { prep: { outputs: { out: '${{parent.jobs.x}}' } }, train: { outputs: { model_output: '${{parent.outputs.model}}' } } } } }, []);
    expect(pipe.outputSteps).toEqual(['train']);
  });
});

describe('compare view and card', () => {
  it('a short command diff keeps one word of context', () => {
    expect(commandDiff('python train.py --lr 0.01 --epochs 20', 'python train.py --lr 0.001 --epochs 20')).toEqual({ a: '… --lr 0.01 …', b: '… --lr 0.001 …', differs: true });
    expect(commandDiff('a b', 'a b').differs).toBe(false);
  });

  it('deltas say the direction in words: latency down is better, accuracy down is worse', () => {
    expect(formatDelta('latency_ms', 40, 30).text).toBe('−10 (−25.0%) ▼ better');
    expect(formatDelta('val_accuracy', 0.9, 0.8).text).toBe('−0.1 (−11.1%) ▼ worse');
    expect(formatDelta('auc', NaN, 0.8).text).toBe('not comparable');
  });

  const side = (name: string, n: number, over: Partial<Evidence> = {}): Evidence => ({
    workspace: 'dev',
    job: { name, type: 'Command', status: 'Completed', experiment: 'e', tags: {}, archived: false, inputs: Array.from({ length: n }, (_, i) => ({ name: `in_${i}`, uri: `azureml:data-${i}:${i + (name === 'b' ? 1 : 0)}` })), outputs: [{ name: 'model', uri: `azureml://jobs/${name}/outputs/model` }] },
    spec: { command: `python train.py --seed ${name}`, environment: { name: 'env', version: '1' }, nodeCount: 1, outputSteps: [], inputs: [] },
    source: { runId: name },
    metrics: Array.from({ length: n }, (_, i) => ({ key: `metric_with_a_rather_long_name_${i}`, value: name === 'a' ? i : i * 1.5, step: 100, at: new Date('2025-01-01T00:00:00Z') })),
    params: Object.fromEntries(Array.from({ length: n }, (_, i) => [`param_${i}`, i % 2 ? 'same' : `${name}-${'v'.repeat(60)}`])),
    ...over,
  });

  it('differences come first and a run with hundreds of metrics and params stays within the card size budget', () => {
    const card = compareCard(compareView(side('a', 300), side('b', 300), 'Compare a ↔ b'));
    const json = JSON.stringify(card);
    expect(json.length).toBeLessThan(28_000);
    expect(json).toMatch(/more metrics not shown \(\d+ of them differ\)/);
    expect(json).toMatch(/more differing parameters not shown/);
    expect(json).toMatch(/150 more are the same/);
    const run = card.body.findIndex((e) => e.type === 'TextBlock' && e.text === 'Run');
    // In the Run section the differing Command comes before the equal Status.
    const texts = JSON.stringify(card.body.slice(run, run + 3));
    expect(texts).toContain('≠ Command');
  });

  it('a metric only one run logged is a difference: with more metrics than the budget, a renamed one is shown and unchanged ones are cut', () => {
    const at = new Date('2025-01-01T00:00:00Z');
    const unchanged = Array.from({ length: 16 }, (_, i) => ({ key: `metric_${String(i).padStart(2, '0')}`, value: 0.5, step: 10, at }));
    // val_acc was renamed val_accuracy between the runs; auc changed; 16 metrics are equal. 19 rows, 15 fit.
    const a = side('a', 0, { metrics: [...unchanged, { key: 'val_acc', value: 0.91, step: 10, at }, { key: 'auc', value: 0.9, step: 10, at }] });
    const b = side('b', 0, { metrics: [...unchanged, { key: 'val_accuracy', value: 0.92, step: 10, at }, { key: 'auc', value: 0.95, step: 10, at }] });
    const text = cardText(compareCard(compareView(a, b, 'Compare a ↔ b')));
    const metrics = text.slice(text.indexOf('Metrics (final values)'), text.indexOf('Parameters that differ'));
    // What the reader sees first: the changed metric, then the two that only one run logged, each marked ≠.
    expect(metrics.split('\n').filter((l) => l.startsWith('≠ '))).toEqual(['≠ auc', '≠ val_acc', '≠ val_accuracy']);
    expect(metrics).toMatch(/≠ val_acc\n0\.91\nstep 10[^\n]*\nnot logged/);
    expect(metrics).toMatch(/≠ val_accuracy\nnot logged\n0\.92\nstep 10/);
    expect(metrics.indexOf('≠ val_accuracy')).toBeLessThan(metrics.indexOf('metric_00'));
    // The cut falls on unchanged metrics only, and the card says so.
    expect(metrics.match(/^metric_\d\d$/gm)).toHaveLength(12);
    expect(metrics).toContain('4 more metrics not shown (all the same).');
  });
});
