import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main, type CliIo } from '../../../src/cli/main';
import { FAILURE_CATEGORIES } from '../../../src/logs';

const PUBLIC_CASES = path.resolve(__dirname, '../../fixtures/logs/public-dev/cases');

function capture(): { io: CliIo; out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    io: { stdout: { write: (s: string) => (out += s) }, stderr: { write: (s: string) => (err += s) } },
    out: () => out,
    err: () => err,
  };
}

describe('jobops CLI', () => {
  const oomCase = path.join(PUBLIC_CASES, '041.txt');

  describe('a folder as `az ml job download` writes it', () => {
    let dir: string;
    beforeAll(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jobops-download-'));
      const put = (rel: string, text: string) => {
        fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
        fs.writeFileSync(path.join(dir, rel), text);
      };
      put('artifacts/azureml-logs/20_image_build_log.txt', 'Step 5/9 : RUN conda env create -f conda.yml\nResolvePackageNotFound: \n  - pytorch-cuda=12.9\n\nThe command \'/bin/sh -c conda env create -f conda.yml\' returned a non-zero code: 1\n');
      put('artifacts/user_logs/std_log.txt', '');
      put('artifacts/outputs/metrics.json', '{"loss": 0.1}');
      put('run.json', JSON.stringify({ error: { code: 'UserError', message: 'Image build failed', innerError: { code: 'ImageBuildFailure' } } }));
    });
    afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

    it('reads every log and the run error, says which, and leads with the cause', async () => {
      const c = capture();
      expect(await main(['summarize', dir, '--json'], c.io)).toBe(0);
      const v = JSON.parse(c.out()) as { category: string; headline: string; read: string[]; decidedBy: string[]; nextStep: { text: string }; evidence: string[] };
      expect(v.read).toEqual(['azureml-logs/20_image_build_log.txt', 'user_logs/std_log.txt', 'run.json']);
      expect(v.category).toBe('image_build_failure');
      expect(v.decidedBy).toEqual(['error code ImageBuildFailure', 'azureml-logs/20_image_build_log.txt (conda-env-build)']);
      expect(v.evidence[0]).toBe('ResolvePackageNotFound: ');
      expect(v.nextStep.text).toContain('`pytorch-cuda=12.9`');
    });

    it('prints the files read and the next step as text', async () => {
      const c = capture();
      expect(await main(['summarize', dir], c.io)).toBe(0);
      expect(c.out()).toMatch(/^Read: azureml-logs\/20_image_build_log.txt, user_logs\/std_log.txt, run.json\n/);
      expect(c.out()).toContain('Next step: Conda cannot find `pytorch-cuda=12.9`');
    });
  });

  it('prints a readable summary', async () => {
    const c = capture();
    const code = await main(['summarize', oomCase], c.io);
    expect(code).toBe(0);
    expect(c.out()).toContain('Category: Out of memory (out_of_memory)');
    expect(c.out()).toMatch(/Headline: ResourceExhaustedError: OOM when allocating tensor/);
    expect(c.out()).toMatch(/Read 629 of 629 bytes/);
    expect(c.err()).toBe('');
  });

  it.each([[[]], [['--full']]])('prints exactly one JSON object with --json %j', async (extra) => {
    const c = capture();
    const code = await main(['summarize', oomCase, '--json', ...extra], c.io);
    expect(code).toBe(0);
    const parsed = JSON.parse(c.out()) as Record<string, unknown>;
    expect(FAILURE_CATEGORIES).toContain(parsed.category);
    expect(parsed.category).toBe('out_of_memory');
    expect(typeof parsed.headline).toBe('string');
    expect(Array.isArray(parsed.evidence)).toBe(true);
    const fileLines = new Set(fs.readFileSync(oomCase, 'utf8').split(/\r?\n/));
    for (const line of parsed.evidence as string[]) expect(fileLines.has(line)).toBe(true);
    expect(Array.isArray(parsed.lastLines)).toBe(true);
    expect(parsed).toHaveProperty('bytesRead');
    expect(parsed).toHaveProperty('totalBytes', fs.statSync(oomCase).size);
  });

  it('reads only the tail of a large file', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jobops-cli-'));
    const file = path.join(dir, 'big.log');
    const line = 'INFO step ok, nothing to see here, padding padding padding\n';
    fs.writeFileSync(file, line.repeat(200_000) + "ModuleNotFoundError: No module named 'x'\n");
    try {
      const c = capture();
      expect(await main(['summarize', file, '--json'], c.io)).toBe(0);
      const parsed = JSON.parse(c.out()) as { category: string; bytesRead: number; totalBytes: number };
      expect(parsed.category).toBe('missing_module_or_env');
      expect(parsed.bytesRead).toBeLessThanOrEqual(256 * 1024);
      expect(parsed.totalBytes).toBeGreaterThan(10 * 1024 * 1024);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it.each([
    [['summarize', '/no/such/file.log'], /no such file/],
    [['summarize'], /usage: jobops summarize/],
    [['summarize', oomCase, '--nope'], /unknown option --nope/],
    [['summarize', PUBLIC_CASES], /no job logs found/],
    [['frobnicate'], /unknown command 'frobnicate'/],
    [[], /missing command/],
  ])('exits 2 with one line on stderr for %j', async (argv, message) => {
    const c = capture();
    expect(await main(argv, c.io)).toBe(2);
    expect(c.err()).toMatch(message);
    expect(c.err().trimEnd().split('\n')).toHaveLength(1);
    expect(c.err()).not.toMatch(/\bat .*\.ts:\d+/);
    expect(c.out()).toBe('');
  });

  it('prints help', async () => {
    const c = capture();
    expect(await main(['--help'], c.io)).toBe(0);
    expect(c.out()).toContain('jobops summarize <file|folder> [--json] [--full]');
    const sub = capture();
    expect(await main(['summarize', '--help'], sub.io)).toBe(0);
    expect(sub.out()).toContain('Usage: jobops summarize');
  });
});
