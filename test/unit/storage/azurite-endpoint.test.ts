import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { endpointPath, isPidAlive, readEndpoint, removeEndpoint, writeEndpoint } from '../../../src/storage/azurite-endpoint';

describe('azurite endpoint.json', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jobops-ep-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('round-trips, and is removed only by the process it describes', () => {
    writeEndpoint(dir, { connectionString: 'cs', pid: 1234 });
    expect(readEndpoint(dir)).toEqual({ connectionString: 'cs', pid: 1234 });
    removeEndpoint(dir, 999);
    expect(readEndpoint(dir)).toBeDefined();
    removeEndpoint(dir, 1234);
    expect(fs.existsSync(endpointPath(dir))).toBe(false);
  });

  it('treats a missing or malformed file as absent', () => {
    expect(readEndpoint(dir)).toBeUndefined();
    fs.writeFileSync(endpointPath(dir), '{not json');
    expect(readEndpoint(dir)).toBeUndefined();
    fs.writeFileSync(endpointPath(dir), '{"connectionString":"cs"}');
    expect(readEndpoint(dir)).toBeUndefined();
  });

  it('knows whether a pid is alive', () => {
    expect(isPidAlive(process.pid)).toBe(true);
    expect(isPidAlive(2 ** 22 + 12345)).toBe(false);
  });
});
