import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../../..');
const SELF = path.relative(ROOT, __filename);

/** Folders that only exist on the team's machines; spelled in pieces so this file does not name them. */
const OUTSIDE_FOLDERS = [['shared', 'fixtures'], ['shared', 'docs']].map((p) => p.join('/'));
/** Home and work folders of developer and build machines (logs from Azure nodes are data and live in test/fixtures). */
const MACHINE_PATH = new RegExp(['/' + 'work/', '/' + 'home/[a-z]', '/' + 'Users/', '/' + 'root/', '[A-Z]:\\\\' + 'Users'].join('|'));
const RELATIVE = /(?:\.\.\/)+[\w.-][\w./-]*/g;

function trackedFiles(): string[] {
  try {
    return execFileSync('git', ['ls-files', '-z'], { cwd: ROOT, encoding: 'utf8' }).split('\0').filter(Boolean);
  } catch {
    // Not a git checkout (an unpacked archive): walk the tree the way git would see it.
    const out: string[] = [];
    const skip = new Set(['node_modules', 'dist', '.git', '.data', 'artifacts']);
    const walk = (dir: string): void => {
      for (const e of fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
        if (skip.has(e.name)) continue;
        const rel = path.join(dir, e.name);
        if (e.isDirectory()) walk(rel);
        else out.push(rel);
      }
    };
    walk('');
    return out;
  }
}

/** Verbatim logs and recordings are data: a node's `/home/azureuser/…` in a log is not a reference. READMEs are ours. */
function isData(file: string): boolean {
  return file.startsWith('test/fixtures/') && !file.endsWith('.md') && !file.endsWith('README.txt');
}

/** Every place in `text` that points outside the repository, as "line: fragment". */
export function outsideReferences(file: string, text: string): string[] {
  const found: string[] = [];
  const dir = path.dirname(path.join(ROOT, file));
  text.split('\n').forEach((line, i) => {
    for (const folder of OUTSIDE_FOLDERS) if (line.includes(folder)) found.push(`${i + 1}: ${folder}`);
    const m = MACHINE_PATH.exec(line);
    if (m) found.push(`${i + 1}: ${m[0]}`);
    for (const rel of line.match(RELATIVE) ?? []) {
      const target = path.resolve(dir, rel);
      if (path.relative(ROOT, target).startsWith('..')) found.push(`${i + 1}: ${rel}`);
    }
  });
  return found;
}

describe('the repository stands on its own', () => {
  test('no tracked file names a folder outside the repository (../shared, a machine path)', () => {
    const offenders: string[] = [];
    for (const file of trackedFiles()) {
      if (file === SELF || file === 'package-lock.json' || isData(file)) continue;
      const abs = path.join(ROOT, file);
      if (!fs.existsSync(abs)) continue;
      const buf = fs.readFileSync(abs);
      if (buf.includes(0)) continue; // binary (icons, PNGs)
      for (const ref of outsideReferences(file, buf.toString('utf8'))) offenders.push(`${file}:${ref}`);
    }
    expect(offenders).toEqual([]);
  });

  test.each([
    ['test/unit/x.test.ts', "const F = path.resolve(__dirname, '../../../../" + "shared/fixtures/logs');"],
    ['docs/a.md', 'Method: `/' + 'work/shared/x.md`'],
    ['bench/a.ts', "import x from '../../outside';"],
  ])('the check catches %s', (file, text) => {
    expect(outsideReferences(file, text)).not.toEqual([]);
  });

  test('inside references pass', () => {
    expect(outsideReferences('src/a/b.ts', "import { x } from '../shared/errors';")).toEqual([]);
    expect(outsideReferences('bench/README.md', '[method](../docs/benchmarks.md)')).toEqual([]);
  });

  test('fixtures the tests read are in the repository', () => {
    for (const dir of ['test/fixtures/azureml', 'test/fixtures/logs/public-dev', 'test/fixtures/logs/cases']) {
      expect(fs.existsSync(path.join(ROOT, dir))).toBe(true);
    }
  });
});
