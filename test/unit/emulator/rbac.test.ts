import { RunningEmulator, startEmulator } from '../../../src/emulator';
import { AUTH, armUrl, runUrl } from './helpers';

/** The emulator's opt-in RBAC (src/emulator/rbac.ts): off by default, exact actions, assignment scope, data plane. */
const ML = 'Microsoft.MachineLearningServices';
let em: RunningEmulator;
beforeAll(async () => {
  em = await startEmulator({ clock: 'manual' });
  em.addJob({ name: 'rbac-unit-1', status: 'Failed' });
});
afterAll(async () => {
  await em.stop();
});
afterEach(() => em.rbac.set(undefined));

const status = async (url: string, init: RequestInit = {}): Promise<number> => (await fetch(url, { ...init, headers: AUTH })).status;

describe('emulator RBAC', () => {
  it('is off by default: every authenticated call is served', async () => {
    expect(await status(armUrl(em.url, 'mlw-dev', '/jobs/rbac-unit-1'))).toBe(200);
    expect(await status(runUrl(em.url, 'mlw-dev', 'rbac-unit-1'))).toBe(200);
    expect(em.rbac.denials()).toEqual([]);
  });

  it('refuses what the role lacks with 403 and records it; what it grants is served (actions compared case-insensitively)', async () => {
    em.rbac.set({ actions: [`${ML}/workspaces/jobs/READ`] });
    expect(await status(armUrl(em.url, 'mlw-dev', '/jobs/rbac-unit-1'))).toBe(200);
    expect(await status(armUrl(em.url, 'mlw-dev'))).toBe(403);
    expect(await status(runUrl(em.url, 'mlw-dev', 'rbac-unit-1', '/details'))).toBe(403);
    expect(em.rbac.denials().map((d) => [d.op, d.action, d.plane])).toEqual([
      ['workspaceGet', `${ML}/workspaces/read`, 'arm'],
      ['runDetails', `${ML}/workspaces/experiments/runs/read`, 'dataplane'],
    ]);
  });

  it('never asks an action of anonymous discovery or SAS log blobs', async () => {
    em.rbac.set({ actions: [] });
    expect((await fetch(`${em.url}/discovery`)).status).toBe(200);
    em.rbac.set(undefined);
    const details = (await (await fetch(runUrl(em.url, 'mlw-dev', 'rbac-unit-1', '/details'), { headers: AUTH })).json()) as { logFiles: Record<string, string> };
    const blob = Object.values(details.logFiles)[0]!;
    em.rbac.set({ actions: [] });
    expect((await fetch(blob)).status).toBeLessThan(400);
    expect(em.rbac.denials()).toEqual([]);
  });

  it('an assignment on the workspace does not reach the subscription-scoped cancel status; one on the subscription does', async () => {
    em.setCancelMode('lro');
    try {
      const actions = [`${ML}/workspaces/jobs/cancel/action`, `${ML}/locations/mfeOperationResults/read`];
      em.addJob({ name: 'rbac-unit-lro', status: 'Running' });
      em.rbac.set({ actions });
      const res = await fetch(armUrl(em.url, 'mlw-dev', '/jobs/rbac-unit-lro/cancel'), { method: 'POST', headers: AUTH });
      expect(res.status).toBe(202);
      const location = res.headers.get('location')!;
      expect(await status(location)).toBe(403);
      expect(em.rbac.denials()).toEqual([expect.objectContaining({ op: 'lroPoll', scope: expect.stringMatching(/^\/subscriptions\/[^/]+\/providers\//) })]);
      em.rbac.set({ actions, scope: 'subscription' });
      expect(await status(location)).toBeLessThan(300);
    } finally {
      em.setCancelMode('sync');
    }
  });
});
