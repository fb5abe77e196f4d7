import fs from 'node:fs';
import path from 'node:path';
import semver from 'semver';

/**
 * The stack is fixed to Node 20: every installed package must say it runs there. `npm ci` only warns (EBADENGINE)
 * when one does not, and such a warning went unnoticed once (@azure/monitor-opentelemetry 1.18+ needs Node 22).
 */
const ROOT = path.resolve(__dirname, '../../..');
const lock = JSON.parse(fs.readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { version?: string; engines?: { node?: string } | string[] }> };
const project = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { engines: { node: string } };

/** The oldest Node the project says it supports: every dependency must accept it. */
const oldest = semver.minVersion(project.engines.node)!.version;

export function refusing(packages: typeof lock.packages, node: string): string[] {
  return Object.entries(packages)
    .filter(([name, p]) => name !== '' && p.engines && !Array.isArray(p.engines) && p.engines.node)
    .filter(([, p]) => !semver.satisfies(node, (p.engines as { node: string }).node))
    .map(([name, p]) => `${name.replace(/^.*node_modules\//, '')}@${p.version} wants node ${(p.engines as { node: string }).node}`);
}

describe('dependencies run on the Node this project supports', () => {
  it(`every package in package-lock.json accepts Node ${oldest} (package.json engines: ${project.engines.node})`, () => {
    expect(oldest.startsWith('20.')).toBe(true);
    expect(refusing(lock.packages, oldest)).toEqual([]);
  });

  it('the check catches a package that needs a newer Node', () => {
    expect(refusing({ 'node_modules/@azure/core-process': { version: '1.0.0', engines: { node: '>=22.0.0' } } }, oldest)).toEqual(['@azure/core-process@1.0.0 wants node >=22.0.0']);
  });
});
