import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { runAudit } from '../../src/cli/audit-command';
import { exportAudit } from '../../src/cli/audit-export';
import { main, type CliIo } from '../../src/cli/main';
import { VERBS } from '../../src/cards/verbs';
import { AuditEntry } from '../../src/shared/audit-log';
import { TableStore } from '../../src/storage/table-store';
import { ROOT, TestBot, USERS, cardActions, cardText, firstCard, startTestBot } from '../helpers/test-bot';

const BIN = path.join(ROOT, 'bin/jobops.js');
const DAY_MS = 24 * 3_600_000;

let t: TestBot;
let cs: string;
beforeAll(async () => {
  // Audit times come from the emulator clock; starting it at wall time makes `--since 1d` meaningful.
  t = await startTestBot({ emulatorOptions: { startTime: new Date() } });
  cs = t.config.storageConnectionString ?? '';
  t.emulator.addJob({ name: 'audit-me-1', status: 'Running' });
  const card = firstCard((await t.send('cancel audit-me-1 because runaway, 9h')).activities);
  const confirm = cardActions(card).find((a) => a.verb === VERBS.cancelConfirm);
  if (!confirm) throw new Error(`no confirm button in ${cardText(card)}`);
  const r = await t.invoke(VERBS.cancelConfirm, confirm.data);
  expect(r.status).toBe(200);
});
afterAll(async () => {
  await t.stop();
});

function capture(): { io: CliIo; out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return { io: { stdout: { write: (s: string) => (out += s) }, stderr: { write: (s: string) => (err += s) } }, out: () => out, err: () => err };
}

describe('audit <job> in chat', () => {
  it('shows the request, the confirmation and the result, oldest first, with who did them', async () => {
    const text = cardText(firstCard((await t.send('audit audit-me-1')).activities));
    expect(text).toContain('Audit trail — audit-me-1 in dev');
    const lines = text.split('\n').filter((l) => / UTC: /.test(l));
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC: cancel\.requested — Alice Operator \(reason: runaway, 9h\)$/);
    expect(lines[1]).toMatch(/cancel\.confirmed — Alice Operator$/);
    expect(lines[2]).toMatch(/cancel\.result — Alice Operator — cancelled: (CancelRequested|Canceled)$/);
  });

  it('is readable by anyone who may use the bot, and finds the job whatever its case', async () => {
    const text = cardText(firstCard((await t.send('audit AUDIT-ME-1 in dev', { user: USERS.eve })).activities));
    expect(text).toContain('cancel.confirmed — Alice Operator');
  });

  it('says when nothing is recorded, without asking Azure', async () => {
    t.emulator.stats.reset();
    const text = cardText(firstCard((await t.send('audit never-touched')).activities));
    expect(text).toContain('Nothing recorded for never-touched yet.');
    expect(Object.values(t.emulator.stats.snapshot().counts).reduce((a, b) => a + (b ?? 0), 0)).toBe(0);
  });

  it('names the known workspaces for an unknown one', async () => {
    const r = await t.send('audit audit-me-1 in nowhere');
    expect(JSON.stringify(r.activities)).toContain("I don't know a workspace called");
  });
});

describe('jobops audit against the same storage', () => {
  it('exportAudit reads what the bot wrote', async () => {
    const out = await exportAudit(new TableStore(cs), { since: new Date(Date.now() - DAY_MS), job: 'audit-me-1' }, 'json');
    const rows = JSON.parse(out) as AuditEntry[];
    expect(rows.map((r) => r.action)).toEqual(['cancel.requested', 'cancel.confirmed', 'cancel.result']);
    expect(rows.every((r) => r.actor?.name === 'Alice Operator' && r.actor.aadObjectId === USERS.alice.aadObjectId)).toBe(true);
  });

  it('the command writes CSV with a header and the user-typed reason quoted', async () => {
    const c = capture();
    const code = await runAudit(['--since', '1d', '--workspace', 'dev', '--job', 'audit-me-1'], c.io, { connectionString: cs, azuriteLocation: '/nonexistent' });
    expect(code).toBe(0);
    const lines = c.out().trimEnd().split('\r\n');
    expect(lines[0]).toBe('at,action,actorName,actorAadObjectId,workspace,job,correlationId,azureRequestId,azureCorrelationId,outcome,detail');
    expect(lines).toHaveLength(4);
    expect(lines[1]).toContain(',cancel.requested,Alice Operator,');
    expect(lines[1]).toContain('"{""reason"":""runaway, 9h""}"');
  });

  it('main() finds the storage through STORAGE_CONNECTION_STRING', async () => {
    const saved = process.env.STORAGE_CONNECTION_STRING;
    process.env.STORAGE_CONNECTION_STRING = cs;
    try {
      const c = capture();
      expect(await main(['audit', '--since', '1d', '--format', 'json'], c.io)).toBe(0);
      const rows = JSON.parse(c.out()) as AuditEntry[];
      expect(rows.filter((r) => r.job === 'audit-me-1')).toHaveLength(3);
      expect(c.err()).toBe('');
    } finally {
      if (saved === undefined) delete process.env.STORAGE_CONNECTION_STRING;
      else process.env.STORAGE_CONNECTION_STRING = saved;
    }
  });

  it('a bad --since is one line on stderr and exit 2', async () => {
    const c = capture();
    expect(await main(['audit', '--since', 'last-tuesday'], c.io)).toBe(2);
    expect(c.err().trim().split('\n')).toHaveLength(1);
    expect(c.out()).toBe('');
  });

  it('the installed bin prints one JSON array', async () => {
    if (!fs.existsSync(path.join(ROOT, 'dist/src/cli/audit-command.js'))) throw new Error('dist/ is missing or stale: run `npm run build` (npm test does) first');
    const { stdout } = await promisify(execFile)(process.execPath, [BIN, 'audit', '--since', '1d', '--format', 'json'], {
      env: { ...process.env, STORAGE_CONNECTION_STRING: cs },
    });
    const rows = JSON.parse(stdout) as AuditEntry[];
    expect(Array.isArray(rows)).toBe(true);
    expect(rows.filter((r) => r.job === 'audit-me-1').map((r) => r.action)).toEqual(['cancel.requested', 'cancel.confirmed', 'cancel.result']);
  });
});
