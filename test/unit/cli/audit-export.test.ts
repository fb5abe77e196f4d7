import { UsageError } from '../../../src/cli/cli-io';
import { parseAuditArgs } from '../../../src/cli/audit-command';
import { csvCell, exportAudit, parseSince, toCsv } from '../../../src/cli/audit-export';
import { AuditEntry, AuditLog } from '../../../src/shared/audit-log';
import { MemoryStore } from '../../../src/storage/memory-store';

const NOW = new Date('2024-07-24T12:00:00.000Z');

describe('parseSince', () => {
  it.each([
    ['7d', '2024-07-17T12:00:00.000Z'],
    ['24h', '2024-07-23T12:00:00.000Z'],
    ['1D', '2024-07-23T12:00:00.000Z'],
    ['2024-07-01', '2024-07-01T00:00:00.000Z'],
    ['2024-07-01T08:30', '2024-07-01T08:30:00.000Z'],
    ['2024-07-01T08:30:15Z', '2024-07-01T08:30:15.000Z'],
    ['2024-07-01T08:30:15.5+02:00', '2024-07-01T06:30:15.500Z'],
  ])('%s → %s (zone-less times are UTC)', (value, iso) => {
    expect(parseSince(value, NOW).toISOString()).toBe(iso);
  });

  it.each(['', '7', 'd7', '7w', '-1d', 'yesterday', '2024-13-01', '2024-02-31', '24/07/2024', '2024-07-01 08:30', '2024-07-01T25:00'])(
    'refuses %j with a usage error',
    (value) => {
      expect(() => parseSince(value, NOW)).toThrow(UsageError);
    },
  );
});

describe('csvCell', () => {
  it.each([
    ['plain', 'plain'],
    ['', ''],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['cr\rlf', '"cr\rlf"'],
    ['=HYPERLINK("http://x")', '"\'=HYPERLINK(""http://x"")"'],
    ['+1', "'+1"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tindent', "'\tindent"],
    ['a=b', 'a=b'],
  ])('%j → %j', (value, cell) => {
    expect(csvCell(value)).toBe(cell);
  });
});

describe('toCsv', () => {
  const e: AuditEntry = {
    at: '2024-07-24T11:00:00.000Z',
    action: 'cancel.requested',
    actor: { id: '29:a', name: '=cmd|calc, "Eve"', aadObjectId: 'aad-1' },
    workspace: 'dev',
    job: 'train-42',
    correlationId: 'c-1',
    azureRequestId: 'req-1',
    azureCorrelationId: 'corr-1',
    outcome: 'ok',
    detail: { reason: 'runaway,\nreally', n: 3 },
  };

  it('writes a header and one CRLF-terminated record per entry, every field in column order', () => {
    expect(toCsv([e, { at: '2024-07-24T11:00:01.000Z', action: 'tenant.rejected' }])).toBe(
      'at,action,actorName,actorAadObjectId,workspace,job,correlationId,azureRequestId,azureCorrelationId,outcome,detail\r\n' +
        '2024-07-24T11:00:00.000Z,cancel.requested,"\'=cmd|calc, ""Eve""",aad-1,dev,train-42,c-1,req-1,corr-1,ok,"{""reason"":""runaway,\\nreally"",""n"":3}"\r\n' +
        '2024-07-24T11:00:01.000Z,tenant.rejected,,,,,,,,,\r\n',
    );
  });

  it('is only a header when there is nothing to export', () => {
    expect(toCsv([])).toBe('at,action,actorName,actorAadObjectId,workspace,job,correlationId,azureRequestId,azureCorrelationId,outcome,detail\r\n');
  });
});

describe('exportAudit over a MemoryStore', () => {
  async function seeded(): Promise<MemoryStore> {
    const store = new MemoryStore();
    let t = new Date('2024-07-20T00:00:00Z').getTime();
    const log = new AuditLog(store, () => new Date((t += 3_600_000)));
    await log.record({ action: 'cancel.requested', workspace: 'dev', job: 'a', actor: { name: 'Alice' } });
    await log.record({ action: 'cancel.confirmed', workspace: 'dev', job: 'b', actor: { name: 'Alice' } });
    await log.record({ action: 'cancel.refused', workspace: 'prod', job: 'a', actor: { name: 'Bob' } });
    return store;
  }

  it('json is one array of the entries since the cut-off, oldest first', async () => {
    const out = await exportAudit(await seeded(), { since: new Date('2024-07-20T01:30:00Z') }, 'json');
    const rows = JSON.parse(out) as AuditEntry[];
    expect(rows.map((r) => r.action)).toEqual(['cancel.confirmed', 'cancel.refused']);
  });

  it('filters by workspace and job (case-insensitively)', async () => {
    const store = await seeded();
    const since = new Date('2024-01-01T00:00:00Z');
    const ws = JSON.parse(await exportAudit(store, { since, workspace: 'DEV' }, 'json')) as AuditEntry[];
    expect(ws.map((r) => r.job)).toEqual(['a', 'b']);
    const job = JSON.parse(await exportAudit(store, { since, job: 'A' }, 'json')) as AuditEntry[];
    expect(job.map((r) => r.workspace)).toEqual(['dev', 'prod']);
    const csv = await exportAudit(store, { since, workspace: 'prod', job: 'a' }, 'csv');
    expect(csv.trimEnd().split('\r\n')).toHaveLength(2);
  });
});

describe('parseAuditArgs', () => {
  it('takes --name value and --name=value', () => {
    expect(parseAuditArgs(['--since', '7d', '--format=json', '--workspace', 'dev', '--job=j'])).toEqual({
      '--since': '7d', '--format': 'json', '--workspace': 'dev', '--job': 'j',
    });
  });

  it.each([[['--since']], [['--since', '--format', 'csv']], [['--since', '1d', '--since', '2d']], [['--bogus', 'x']], [['stray']], [['--since=']]])(
    'refuses %j',
    (argv) => {
      expect(() => parseAuditArgs(argv)).toThrow(UsageError);
    },
  );
});
