import fs from 'node:fs';
import path from 'node:path';
import { ROOT, fixtureReferences, isData, outsideReferences, trackedFiles } from '../../helpers/repo-files';

/** The guard and its helper quote what they look for; every other tracked file is checked. */
const GUARD = new Set([path.relative(ROOT, __filename), 'test/helpers/repo-files.ts']);

/** Tracked text files (not binary, not the guard), with their content. */
function textFiles(filter: (file: string) => boolean): [string, string][] {
  const out: [string, string][] = [];
  for (const file of trackedFiles()) {
    if (GUARD.has(file) || !filter(file)) continue;
    const abs = path.join(ROOT, file);
    if (!fs.existsSync(abs)) continue;
    const buf = fs.readFileSync(abs);
    if (!buf.includes(0)) out.push([file, buf.toString('utf8')]); // binary: icons, PNGs
  }
  return out;
}

// Spelled in pieces so that this file does not name what it looks for.
const SHARED = 'sha' + 'red';
const HOME = '$' + 'HOME';

describe('the repository stands on its own', () => {
  test('no tracked file names a folder outside the repository (../shared, a machine path)', () => {
    const offenders = textFiles((f) => f !== 'package-lock.json' && !isData(f))
      .flatMap(([file, text]) => outsideReferences(file, text).map((ref) => `${file}:${ref}`));
    expect(offenders).toEqual([]);
  });

  test.each([
    ['test/unit/x.test.ts', `const F = path.resolve(__dirname, '../../../../${SHARED}/fixtures/logs');`],
    ['docs/a.md', 'Method: `/' + 'work/shared/x.md`'],
    ['bench/a.ts', "import x from '../../outside';"],
    // Read from the working directory, which is the root when a script runs: inside from scripts/, outside from the root.
    ['scripts/a.ts', "const events = fs.readFileSync('../outside/events.json', 'utf8');"],
    ['.ci/run', 'cp -r ../outside/logs test/fixtures/logs'],
    // A shared folder beside the repository's folders: src/shared exists, <root>/shared does not.
    ['test/unit/x.test.ts', `const F = path.resolve(__dirname, '../../${SHARED}');`],
    ['test/x.test.ts', `const F = '../${SHARED}/logs/a.txt';`],
    // Joined pieces that climb out, or into a missing shared folder.
    ['test/unit/x.test.ts', `const F = path.join(__dirname, '..', '..', '${SHARED}', 'logs');`],
    ['bench/a.ts', "const F = path.resolve(__dirname, '..', '..', 'data');"],
    ['scripts/a.ts', "const F = path.join(ROOT, '..', 'fixtures');"],
    ['test/render/a.test.ts', "const F = join(__dirname, '..', '..', '..', 'cards');"],
    // Machine paths.
    ['docs/a.md', 'cd /' + 'work && npm test'],
    ['scripts/a.ts', "const F = '/" + "mnt/data/events.json';"],
    ['docs/a.md', 'Logs are in /' + 'opt/jobops/logs.'],
    ['docs/a.md', 'Copy `~' + '/fixtures` first.'],
    ['.ci/run', `cp ${HOME}/fixtures/* test/fixtures/`],
    ['.ci/run', 'cp ${' + 'HOME}/fixtures/* test/fixtures/'],
    ['scripts/a.ts', "const F = '..\\\\" + "fixtures\\\\logs';"],
  ])('the check catches %s: %s', (file, text) => {
    expect(outsideReferences(file, text)).not.toEqual([]);
  });

  test.each([
    ['src/a/b.ts', "import { x } from '../shared/errors';"],
    ['test/unit/retention/x.test.ts', "const { RetryableError } = await import('../../../src/shared/errors');"],
    ['bench/README.md', '[method](../docs/benchmarks.md)'],
    ['test/render/a.test.ts', "const ARTIFACTS = join(__dirname, '..', 'artifacts', 'cards');"],
    ['test/unit/repo/x.test.ts', "const ROOT = path.resolve(__dirname, '../../..');"],
    // Path-traversal probes are inputs, not paths the test reads.
    ['test/fuzz/kit.ts', "pick(rng, ['', '../../etc/passwd', '__proto__'])"],
    // Paths of an Azure ML node in log text; /tmp as scratch output.
    ['test/unit/logs/a.test.ts', `'  File "/${'opt'}/conda/lib/python3.10/site-packages/torch/nn/modules/conv.py", line 460'`],
    ['test/unit/logs/a.test.ts', `"PermissionError: [Errno 13] Permission denied: '/${'mnt'}/azureml/cr/j/9/wd/model.pkl'"`],
    ['docs/deploy.md', 'zip -r /tmp/jobops.zip dist node_modules'],
    ['docs/a.md', 'https://github.com/org/work/issues'],
    ['test/unit/logs/a.ts', "const filler = 'heartbeat ok; all good....\\n';"],
  ])('inside references pass: %s: %s', (file, text) => {
    expect(outsideReferences(file, text)).toEqual([]);
  });

  test('every fixture path the tests, benchmarks, scripts and code name is in test/fixtures', () => {
    const refs = textFiles((f) => /^(test|bench|scripts|src)\//.test(f) && !f.startsWith('test/fixtures/') && /\.(ts|js|mjs|cjs)$/.test(f))
      .flatMap(([file, text]) => fixtureReferences(file, text).map((ref) => [file, ref] as const));
    expect(refs.length).toBeGreaterThanOrEqual(8);
    const missing = refs.filter(([, ref]) => !ref.startsWith('test/fixtures/') || !fs.existsSync(path.join(ROOT, ref)));
    expect(missing).toEqual([]);
  });

  test('fixture references resolve the way the file reads them', () => {
    expect(fixtureReferences('test/unit/a/x.test.ts', "path.resolve(__dirname, '../../fixtures/azureml/events')")).toEqual(['test/fixtures/azureml/events']);
    expect(fixtureReferences('scripts/x.ts', 'path.join(ROOT, `test/fixtures/logs/${name}.txt`)')).toEqual(['test/fixtures/logs']);
    // A folder that is not there, and one that resolves outside test/fixtures, are reported for the test above to fail on.
    expect(fixtureReferences('test/unit/x.test.ts', "'../fixtures/nope/x.json'")).toEqual(['test/fixtures/nope/x.json']);
    expect(fixtureReferences('src/x.ts', "'fixtures/logs/a.txt'")).toEqual(['fixtures/logs/a.txt']);
  });

  test('every fixture is named by a README in its folder or a folder above', () => {
    const files = trackedFiles().filter((f) => f.startsWith('test/fixtures/'));
    const readmes = new Map(files.filter((f) => /\/README\.(md|txt)$/.test(f)).map((f) => [path.posix.dirname(f), fs.readFileSync(path.join(ROOT, f), 'utf8')]));
    const unnamed = files.filter((f) => !/\/README\.(md|txt)$/.test(f)).filter((file) => {
      for (let dir = path.posix.dirname(file); dir !== 'test'; dir = path.posix.dirname(dir)) {
        const readme = readmes.get(dir);
        if (!readme) continue;
        // The file itself, or one of the folders between the README and the file ("cases/", "real/").
        const rel = file.slice(dir.length + 1).split('/');
        const names = [rel.join('/'), ...rel.slice(0, -1).map((_, i) => rel.slice(0, i + 1).join('/') + '/')];
        if (names.some((n) => readme.includes(n))) return false;
      }
      return true;
    });
    expect(unnamed).toEqual([]);
  });
});
