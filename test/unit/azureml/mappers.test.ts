import fs from 'node:fs';
import path from 'node:path';
import { ArmJobLike, mapJob, readableError } from '../../../src/azureml/job-mapper';
import { pickLogFile } from '../../../src/azureml/log-source';
import { mapRun, mapRunDetails, mapRunError } from '../../../src/azureml/run-mapper';
import { isCancellable, isKnownStatus, isTerminal, normalizeStatus } from '../../../src/azureml/status';
import { parseAzureTime } from '../../../src/azureml/time';
import { KNOWN_STATUSES } from '../../../src/azureml/types';

/** Real (sanitised) Azure payloads shared by the team; see their README for provenance. */
const FIXTURES = path.resolve(__dirname, '../../fixtures/azureml');

type Json = Record<string, unknown>;

function readJson(rel: string): Json {
  return JSON.parse(fs.readFileSync(path.join(FIXTURES, rel), 'utf8')) as Json;
}

function walk(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

function jsonFiles(relDir: string, keep: (name: string) => boolean = () => true): string[] {
  return walk(path.join(FIXTURES, relDir))
    .filter((f) => f.endsWith('.json') && keep(path.basename(f)))
    .map((f) => path.relative(FIXTURES, f))
    .sort();
}

/** Where each kind of file keeps its job bodies: recordings in ResponseBody, spec examples in responses["200"].body. */
function jobBodies(): [string, ArmJobLike][] {
  const out: [string, ArmJobLike][] = [];
  for (const f of jsonFiles('recordings/jobs')) out.push([f, readJson(f).ResponseBody as ArmJobLike]);
  for (const f of jsonFiles('recordings/lists')) {
    const items = (readJson(f).ResponseBody as { value: ArmJobLike[] }).value;
    items.forEach((b, i) => out.push([`${f}#${i}`, b]));
  }
  for (const f of jsonFiles('spec-examples', (n) => n.includes('get'))) {
    out.push([f, (readJson(f).responses as Record<string, { body: ArmJobLike }>)['200']!.body]);
  }
  for (const f of jsonFiles('spec-examples', (n) => n.includes('list'))) {
    const items = (readJson(f).responses as Record<string, { body: { value: ArmJobLike[] } }>)['200']!.body.value;
    items.forEach((b, i) => out.push([`${f}#${i}`, b]));
  }
  return out;
}

const BODIES = jobBodies();

describe('mapJob over every recorded and spec job body', () => {
  it('found job bodies in each fixture family (so an emptied folder fails loudly)', () => {
    expect(BODIES.filter(([f]) => f.startsWith('recordings/jobs/')).length).toBeGreaterThanOrEqual(6);
    expect(BODIES.filter(([f]) => f.startsWith('recordings/lists/')).length).toBeGreaterThanOrEqual(1);
    expect(BODIES.filter(([f]) => f.startsWith('spec-examples/') && f.includes('get')).length).toBeGreaterThanOrEqual(2);
    expect(BODIES.filter(([f]) => f.startsWith('spec-examples/') && f.includes('list')).length).toBeGreaterThanOrEqual(2);
  });

  it.each(BODIES)('%s', (_file, raw) => {
    const job = mapJob(raw);
    const p = raw.properties ?? {};
    expect(job.name).toBe(raw.name);
    expect(job.type).toBe(p.jobType ?? 'Unknown');
    expect(KNOWN_STATUSES as readonly string[]).toContain(job.status);
    expect(job.status.toLowerCase()).toBe((p.status ?? 'Unknown').toLowerCase());
    if (job.studioUrl !== undefined) expect(job.studioUrl).toMatch(/^https:\/\/ml\.azure\.com\//);
    if (raw.systemData?.createdAt) expect(job.createdAt?.getTime()).toBe(new Date(String(raw.systemData.createdAt).replace(/(\.\d{3})\d+/, '$1')).getTime());
    for (const k of Object.keys(job.tags)) expect(k).not.toMatch(/^(_aml_system|azureml\.)/);
    expect(job.experiment).toBeTruthy();
    // A mapped job must survive JSON (it travels into cards and logs) without Invalid Date.
    for (const d of [job.createdAt, job.startedAt, job.endedAt]) if (d) expect(Number.isNaN(d.getTime())).toBe(false);
  });

  it('reads the 2024-04-01 command job: timings without T or zone are UTC, studio link kept', () => {
    const job = mapJob(readJson('recordings/jobs/Command-Completed-1.json').ResponseBody as ArmJobLike);
    expect(job).toMatchObject({
      name: 'commandjob01',
      displayName: 'commandJob01',
      type: 'Command',
      status: 'Completed',
      experiment: 'jobexperiment',
      compute: 'commandjobcompute',
      submitter: 'Joyer Jin (Wicresoft North America Ltd)',
      submitterType: 'User',
      tags: {},
      archived: false,
    });
    expect(job.startedAt?.toISOString()).toBe('2024-07-24T08:48:48.000Z');
    expect(job.endedAt?.toISOString()).toBe('2024-07-24T08:49:55.000Z');
    expect(job.createdAt?.toISOString()).toBe('2024-07-24T08:48:40.823Z');
    expect(job.studioUrl).toMatch(/^https:\/\/ml\.azure\.com\/runs\/commandjob01\?wsid=/);
  });

  it('keeps people-facing tags of the pipeline job and its outputs', () => {
    const job = mapJob(readJson('recordings/jobs/Pipeline-Preparing-1-PUTresponse.json').ResponseBody as ArmJobLike);
    expect(job.type).toBe('Pipeline');
    expect(job.status).toBe('Preparing');
    expect(job.tags).toEqual({ tag: 'tagvalue', owner: 'sdkteam' });
    expect(job.outputs).toEqual([{ name: 'job_out_path_1', uri: undefined, type: 'uri_folder' }]);
    expect(job.description).toBe('The hello world pipeline job with inline command job having inputs');
  });

  it('drops AutoML system tags but keeps the best-run ones', () => {
    const job = mapJob(readJson('recordings/jobs/AutoML-Completed-1.json').ResponseBody as ArmJobLike);
    expect(job.type).toBe('AutoML');
    expect(Object.keys(job.tags)).toEqual(expect.arrayContaining(['score', 'run_algorithm']));
    expect(Object.keys(job.tags).some((k) => k.startsWith('_aml_system'))).toBe(false);
  });

  it('spec examples put "string" where a URL should be: no studio link', () => {
    for (const [f, raw] of BODIES.filter(([n]) => n.startsWith('spec-examples'))) {
      expect([f, mapJob(raw).studioUrl]).toEqual([f, undefined]);
    }
  });

  it('maps the property-less stub ARM returns for a pipeline child without throwing', () => {
    const job = mapJob(readJson('recordings/children/arm_get_child_job_stub.json').ResponseBody as ArmJobLike);
    expect(job).toMatchObject({ name: '314b2cbf-5bab-40de-984c-d551970107f1', type: 'Unknown', status: 'Unknown', experiment: 'Default', tags: {}, inputs: [], outputs: [] });
    expect(job.submitter).toBe('Diondra Peck');
  });
});

describe('mapJob on shapes the fixtures do not cover', () => {
  it('passes unknown job types and statuses through', () => {
    const job = mapJob({ name: 'ft-1', properties: { jobType: 'Distillation', status: 'Hibernating' } });
    expect(job.type).toBe('Distillation');
    expect(job.status).toBe('Hibernating');
  });

  it('normalises lower-case statuses (Event Grid style)', () => {
    expect(mapJob({ name: 'a', properties: { status: 'failed' } }).status).toBe('Failed');
  });

  it('uses the last id segment when the name is missing, and "unknown" when both are', () => {
    expect(mapJob({ id: '/subscriptions/s/resourceGroups/r/providers/M/workspaces/w/jobs/from-id' }).name).toBe('from-id');
    expect(mapJob({}).name).toBe('unknown');
  });

  it.each([
    'http://ml.azure.com/runs/x',
    'https://ml.azure.com.evil.example/runs/x',
    'https://evil.example/https://ml.azure.com/',
    'HTTPS://ML.AZURE.COM/runs/x',
    'https://ml.azure.com',
    'string',
    '',
  ])('drops a Studio endpoint of %j', (endpoint) => {
    expect(mapJob({ name: 'a', properties: { services: { Studio: { endpoint } } } }).studioUrl).toBeUndefined();
  });

  it('keeps the AutoML error string and ignores blank ones', () => {
    expect(mapJob({ name: 'a', properties: { properties: { errors: '{"code":"UserError"}' } } }).armError).toBe('{"code":"UserError"}');
    expect(mapJob({ name: 'a', properties: { properties: { errors: '  ' } } }).armError).toBeUndefined();
  });

  it('accepts SDK Date objects and nulls everywhere', () => {
    const job = mapJob({
      name: 'a',
      systemData: { createdAt: new Date('2024-01-02T03:04:05Z') },
      properties: { displayName: null, experimentName: null, tags: { a: null }, properties: null, services: null, inputs: { x: null }, outputs: null, computeId: null },
    });
    expect(job.createdAt?.toISOString()).toBe('2024-01-02T03:04:05.000Z');
    expect(job.experiment).toBe('Default');
    expect(job.tags).toEqual({ a: '' });
    expect(job.inputs).toEqual([{ name: 'x', uri: undefined, type: undefined }]);
  });
});

describe('mapRun and mapRunDetails over the data-plane recordings', () => {
  it('maps a step run (GET runs/{id}) with 7-digit fractions and an offset', () => {
    const run = mapRun(readJson('recordings/dataplane/history_run_get_child_step.json').ResponseBody as Json);
    expect(run).toEqual({
      runId: '314b2cbf-5bab-40de-984c-d551970107f1',
      parentRunId: 'test_259228612667',
      displayName: 'hello_world_inline_commandjob_1',
      status: 'Completed',
      runType: 'azureml.StepRun',
      createdAt: new Date('2023-02-12T04:58:36.934Z'),
      startedAt: new Date('2023-02-12T04:58:36.934Z'),
      endedAt: new Date('2023-02-12T04:58:37.032Z'),
      error: undefined,
    });
  });

  it('maps every child of the pipeline', () => {
    const children = (readJson('recordings/children/history_runs_children.json').ResponseBody as { value: Json[] }).value.map(mapRun);
    expect(children.map((c) => [c.displayName, c.status, c.parentRunId])).toEqual([
      ['hello_world_inline_commandjob_2', 'Completed', 'test_259228612667'],
      ['hello_world_inline_commandjob_1', 'Completed', 'test_259228612667'],
    ]);
    for (const c of children) expect(c.endedAt!.getTime()).toBeGreaterThanOrEqual(c.startedAt!.getTime());
  });

  it('maps the pipeline root from a rundata POST (runMetadata)', () => {
    const meta = (readJson('recordings/dataplane/history_rundata_POST_pipeline_root.json').ResponseBody as { runMetadata: Json }).runMetadata;
    const run = mapRun(meta);
    expect(run).toMatchObject({ runId: 'test_22012498841', status: 'Completed', runType: 'azureml.PipelineRun', parentRunId: undefined });
    expect(run.startedAt?.toISOString()).toBe('2023-02-12T04:58:55.335Z');
  });

  it('falls back to effectiveStartTimeUtc and name; tolerates an empty object', () => {
    expect(mapRun({ runId: 'r', name: 'n', effectiveStartTimeUtc: '2024-07-24 08:48:48' })).toMatchObject({ displayName: 'n', startedAt: new Date('2024-07-24T08:48:48Z') });
    expect(mapRun({})).toEqual({ runId: 'unknown', status: 'Unknown', parentRunId: undefined, displayName: undefined, runType: undefined, createdAt: undefined, startedAt: undefined, endedAt: undefined, error: undefined });
  });

  it('reads the nested ErrorResponse and a flat error; ignores errors without a message', () => {
    expect(mapRunError({ error: { code: 'UserError', message: 'boom' } })).toEqual({ code: 'UserError', message: 'boom' });
    expect(mapRunError({ code: 'X', message: 'flat' })).toEqual({ code: 'X', message: 'flat' });
    expect(mapRunError({ error: { code: 'X' } })).toBeUndefined();
    expect(mapRunError(null)).toBeUndefined();
    expect(mapRunError('boom')).toBeUndefined();
  });

  it('keeps only string log URLs in run details', () => {
    const d = mapRunDetails({
      status: 'failed',
      error: { error: { message: 'CUDA out of memory' } },
      logFiles: { 'user_logs/std_log.txt': 'https://blob/x?sig=1', bogus: 42, 'azureml-logs/70_driver_log.txt': 'https://blob/y' },
    });
    expect(d).toEqual({
      status: 'Failed',
      error: { code: undefined, message: 'CUDA out of memory' },
      logFiles: { 'user_logs/std_log.txt': 'https://blob/x?sig=1', 'azureml-logs/70_driver_log.txt': 'https://blob/y' },
    });
    expect(mapRunDetails({})).toEqual({ status: 'Unknown', error: undefined, logFiles: {} });
  });
});

describe('parseAzureTime', () => {
  it.each([
    ['2024-07-24 08:48:48', '2024-07-24T08:48:48.000Z'],
    ['2024-07-24 08:48', '2024-07-24T08:48:00.000Z'],
    ['2024-07-24T08:48:48', '2024-07-24T08:48:48.000Z'],
    ['2024-07-24T08:48:48Z', '2024-07-24T08:48:48.000Z'],
    ['2024-07-24T08:48:48.1234567+00:00', '2024-07-24T08:48:48.123Z'],
    ['2024-07-24 08:48:48.1234567', '2024-07-24T08:48:48.123Z'],
    ['2023-02-12T04:58:54.8542069\u002B00:00', '2023-02-12T04:58:54.854Z'],
    ['2024-07-24T08:48:48+02:00', '2024-07-24T06:48:48.000Z'],
    ['2024-07-24T08:48:48-0700', '2024-07-24T15:48:48.000Z'],
    ['  2024-07-24 08:48:48  ', '2024-07-24T08:48:48.000Z'],
  ])('%j → %s (UTC unless a zone is given)', (input, iso) => {
    expect(parseAzureTime(input)?.toISOString()).toBe(iso);
  });

  it.each([undefined, null, '', '   ', 'garbage', 'zzz', 'Tuesday', '2024-13-45 99:99:99', 'NaN', 42, {}, new Date('nope')])('%j → undefined', (input) => {
    expect(parseAzureTime(input)).toBeUndefined();
  });

  it('passes valid Date objects through', () => {
    const d = new Date('2024-01-01T00:00:00Z');
    expect(parseAzureTime(d)).toBe(d);
  });

  // Was a bug (fixed): V8's lenient Date parser turns bare numbers into dates: "1" → 2001-01-01, "2024" →
  // 2024-01-01, "12345" → year 12345. time.ts promises "anything else is unknown".
  it.each(['1', '12345', '99'])('bare number %j → undefined', (input) => {
    expect(parseAzureTime(input)).toBeUndefined();
  });
});

describe('status helpers', () => {
  it.each([
    ['failed', 'Failed'],
    ['FAILED', 'Failed'],
    ['cancelrequested', 'CancelRequested'],
    ['Running', 'Running'],
    ['notresponding', 'NotResponding'],
    ['Hibernating', 'Hibernating'],
    ['', 'Unknown'],
    [undefined, 'Unknown'],
    [null, 'Unknown'],
  ])('normalizeStatus(%j) → %s', (raw, expected) => {
    expect(normalizeStatus(raw)).toBe(expected);
  });

  it.each(KNOWN_STATUSES.map((s) => [s]))('%s is known in any casing', (s) => {
    expect(isKnownStatus(s.toUpperCase())).toBe(true);
  });

  it.each([
    ['Completed', true, false],
    ['failed', true, false],
    ['Canceled', true, false],
    ['CancelRequested', false, false],
    ['Running', false, true],
    ['Queued', false, true],
    ['NotStarted', false, true],
    ['Paused', false, true],
    ['Hibernating', false, true],
  ])('%s: terminal %s, cancellable %s', (status, terminal, cancellable) => {
    expect(isTerminal(status)).toBe(terminal);
    expect(isCancellable(status)).toBe(cancellable);
  });
});

describe('pickLogFile', () => {
  const url = 'https://blob/x?sig=secret';
  const files = (...names: string[]): Record<string, string> => Object.fromEntries(names.map((n) => [n, url]));

  it.each([
    [['azureml-logs/hyperdrive.txt', 'user_logs/std_log_process_0.txt', 'user_logs/std_log.txt'], 'user_logs/std_log.txt'],
    [['user_logs/std_log_process_1.txt', 'azureml-logs/70_driver_log.txt', 'user_logs/std_log_process_0.txt'], 'user_logs/std_log_process_0.txt'],
    [['logs/azureml/executionlogs.txt', 'azureml-logs/70_driver_log.txt'], 'azureml-logs/70_driver_log.txt'],
    [['azureml-logs/hyperdrive.txt', 'logs/azureml/executionlogs.txt', 'logs/azureml/stderrlogs.txt'], 'logs/azureml/executionlogs.txt'],
    [['azureml-logs/hyperdrive.txt', 'system_logs/lifecycler/execution-wrapper.log'], 'azureml-logs/hyperdrive.txt'],
    [['azureml-logs/70_driver_log_0.txt', 'azureml-logs/hyperdrive.txt'], 'azureml-logs/70_driver_log_0.txt'],
    [['user_logs/std_log_node_1_process_3.txt', 'outputs/notes.txt'], 'user_logs/std_log_node_1_process_3.txt'],
  ])('%j → %s', (names, expected) => {
    expect(pickLogFile(files(...names))).toBe(expected);
  });

  it('returns undefined when there is no text log at all', () => {
    expect(pickLogFile({})).toBeUndefined();
    expect(pickLogFile(files('system_logs/cs_capability/cs-capability.log', 'outputs/model.pt'))).toBeUndefined();
  });
});

describe('readableError (AutoML errors on ARM)', () => {
  it.each([
    ['{"error":{"code":"UserError","message":"Training data has no label column"}}', 'UserError: Training data has no label column'],
    ['[{"error":{"message":"first"}},{"error":{"message":"second"}}]', 'first'],
    ['plain text error', 'plain text error'],
    ['{"unexpected":true}', '{"unexpected":true}'],
  ])('%s → %s', (raw, expected) => {
    expect(readableError(raw)).toBe(expected);
  });
});
