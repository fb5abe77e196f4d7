import path from 'node:path';
import { ConfigError, loadConfig } from '../../../src/config';

const ROOT = path.resolve(__dirname, '../../..');
const load = (env: Record<string, string>) => loadConfig({ JOBOPS_CONFIG: 'env/jobops.local.json', ...env }, ROOT);

describe('EVENTGRID_SECRET / EVENTGRID_SECRET_PREVIOUS', () => {
  it('are optional: intake is off without them', () => {
    expect(load({}).eventGrid).toEqual({ secret: undefined, previousSecret: undefined });
    expect(load({ EVENTGRID_SECRET: '' }).eventGrid.secret).toBeUndefined();
  });
  it('carry both values for rotation', () => {
    expect(load({ EVENTGRID_SECRET: 'a'.repeat(16), EVENTGRID_SECRET_PREVIOUS: 'b'.repeat(32) }).eventGrid).toEqual({ secret: 'a'.repeat(16), previousSecret: 'b'.repeat(32) });
  });
  it.each(['EVENTGRID_SECRET', 'EVENTGRID_SECRET_PREVIOUS'])('%s shorter than 16 characters is refused, without echoing it', (name) => {
    expect(() => load({ [name]: 'short-secret' })).toThrow(ConfigError);
    expect(() => load({ [name]: 'short-secret' })).toThrow(new RegExp(`${name}: must be at least 16 characters`));
    try {
      load({ [name]: 'short-secret' });
    } catch (err) {
      expect((err as Error).message).not.toContain('short-secret');
    }
  });
});
