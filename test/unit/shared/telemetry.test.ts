import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { NO_TELEMETRY, armOperation, startTelemetry } from '../../../src/shared/telemetry';

const ROOT = path.resolve(__dirname, '../../..');
const WS = 'https://management.azure.com/subscriptions/s/resourceGroups/r/providers/Microsoft.MachineLearningServices/workspaces/mlw-dev';

describe('telemetry (issue 13)', () => {
  it('names ARM operations without job, compute or workspace names', () => {
    expect(armOperation('GET', `${WS}/jobs?api-version=2024-04-01`)).toBe('GET jobs');
    expect(armOperation('GET', `${WS}/jobs/train-42?api-version=2024-04-01`)).toBe('GET jobs/{}');
    expect(armOperation('POST', `${WS}/jobs/train-42/cancel`)).toBe('POST jobs/{}/cancel');
    expect(armOperation('GET', `${WS}/computes/gpu-1`)).toBe('GET computes/{}');
    expect(armOperation('GET', WS)).toBe('GET workspaces/{}');
    expect(armOperation('GET', 'https://management.azure.com/subscriptions/s/providers/Microsoft.MachineLearningServices/locations/eastus/usages')).toBe('GET locations/{}/usages');
    expect(armOperation('GET', 'not a url')).toBe('GET ?');
  });

  it('without a connection string: the no-op, and nothing of OpenTelemetry is loaded', async () => {
    await expect(startTelemetry(undefined, { info: jest.fn(), warn: jest.fn() })).resolves.toBe(NO_TELEMETRY);
    const script = `
      const { startTelemetry } = require('./src/shared/telemetry.ts');
      startTelemetry(undefined, console).then(() => {
        console.log(JSON.stringify(Object.keys(require.cache).filter((k) => /monitor-opentelemetry|@opentelemetry/.test(k)).length));
      });
    `;
    const out = execFileSync(process.execPath, ['--import', 'tsx', '-e', script], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
    expect(JSON.parse(out.trim().split('\n').pop()!)).toBe(0);
  }, 90_000);

  it('with a connection string: Azure Monitor starts, the instruments take measurements and it shuts down', () => {
    const script = `
      const { startTelemetry } = require('./src/shared/telemetry.ts');
      const log = { info: () => undefined, warn: (o, m) => console.error(m) };
      startTelemetry('InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=http://127.0.0.1:9/', log).then(async (t) => {
        t.reply('list', 123, true);
        t.azureCall('GET jobs', 429);
        t.notice('sent');
        t.outbox(3, 5000);
        t.approvalsPending(async () => 2);
        const loaded = Object.keys(require.cache).some((k) => /monitor-opentelemetry/.test(k));
        await Promise.race([t.shutdown(), new Promise((r) => setTimeout(r, 10000))]);
        console.log(JSON.stringify({ loaded }));
        process.exit(0);
      });
    `;
    const out = execFileSync(process.execPath, ['--import', 'tsx', '-e', script], {
      cwd: ROOT, encoding: 'utf8', timeout: 60_000, env: { ...process.env, APPLICATIONINSIGHTS_STATSBEAT_DISABLED: 'true' },
    });
    expect(JSON.parse(out.trim().split('\n').pop()!)).toEqual({ loaded: true });
  }, 90_000);
});
