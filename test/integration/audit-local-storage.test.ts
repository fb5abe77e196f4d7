import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openAuditStorage } from '../../src/cli/audit-storage';
import { exportAudit } from '../../src/cli/audit-export';
import { AuditEntry, AuditLog } from '../../src/shared/audit-log';
import { readEndpoint } from '../../src/storage/azurite-endpoint';
import { startAzurite } from '../../src/storage/azurite';
import { TableStore } from '../../src/storage/table-store';

/** How `jobops audit` finds the local bot's records when no connection string is set. */
describe('audit export from the local Azurite folder', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jobops-azurite-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('reads through the running Azurite (endpoint.json), then through its own once that one stops', async () => {
    const bots = await startAzurite({ location: dir });
    const ep = readEndpoint(dir);
    expect(ep?.connectionString).toBe(bots.connectionString);
    await new AuditLog(new TableStore(bots.connectionString), () => new Date()).record({ action: 'cancel.requested', workspace: 'dev', job: 'j1', actor: { name: 'Alice' } });

    const viaRunning = await openAuditStorage({ azuriteLocation: dir });
    try {
      expect(viaRunning.source).toBe(`the running Azurite (pid ${ep?.pid})`);
      const rows = JSON.parse(await exportAudit(viaRunning.store, { since: new Date(0) }, 'json')) as AuditEntry[];
      expect(rows.map((r) => r.job)).toEqual(['j1']);
    } finally {
      await viaRunning.close();
    }

    await bots.stop();
    expect(readEndpoint(dir)).toBeUndefined();

    const own = await openAuditStorage({ azuriteLocation: dir });
    try {
      expect(own.source).toContain('a temporary Azurite');
      const rows = JSON.parse(await exportAudit(own.store, { since: new Date(0) }, 'json')) as AuditEntry[];
      expect(rows.map((r) => r.job)).toEqual(['j1']);
    } finally {
      await own.close();
    }
    expect(readEndpoint(dir)).toBeUndefined();
  });

  it('ignores an endpoint.json left behind by a dead process', async () => {
    fs.writeFileSync(path.join(dir, 'endpoint.json'), JSON.stringify({ connectionString: 'TableEndpoint=http://127.0.0.1:1/x;', pid: 2 ** 22 + 4321 }));
    const s = await openAuditStorage({ azuriteLocation: dir });
    try {
      expect(s.source).toContain('a temporary Azurite');
    } finally {
      await s.close();
    }
  });

  it('refuses a folder that does not exist instead of creating an empty store', async () => {
    await expect(openAuditStorage({ azuriteLocation: path.join(dir, 'missing') })).rejects.toThrow(/no local bot data/);
  });
});
