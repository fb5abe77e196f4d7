import { memoryRangeSource, summarizeSource, MAX_BYTE_BUDGET } from '../../../src/logs';
import { syntheticSource } from './helpers';

const GiB = 1024 * 1024 * 1024;
const KiB = 1024;

function filler(bytes: number, line = 'INFO cleanup: waiting for outstanding uploads, nothing to report\n'): string {
  return line.repeat(Math.ceil(bytes / line.length));
}

describe('summarizeSource (tail-first)', () => {
  it('reads at most the tail of a 1 GiB log when the failure is at the end', async () => {
    const tail =
      'Traceback (most recent call last):\n  File "train.py", line 3, in <module>\n    step()\n' +
      'RuntimeError: CUDA out of memory. Tried to allocate 2.00 GiB (GPU 0; 15.78 GiB total capacity)\n' +
      "Execution failed. User process 'python' exited with status code 1.\n";
    const { source, stats } = syntheticSource(GiB, tail);
    const s = await summarizeSource(source);
    expect(s.category).toBe('out_of_memory');
    expect(s.headline).toMatch(/^CUDA out of memory/);
    expect(s.evidence[0]).toMatch(/CUDA out of memory/);
    expect(s.evidence).toContain("Execution failed. User process 'python' exited with status code 1.");
    expect(stats.bytesServed).toBeLessThanOrEqual(4 * 1024 * 1024);
    expect(s.bytesRead).toBe(stats.bytesServed);
    expect(s.totalBytes).toBe(GiB);
    expect(s.truncated).toBe(false);
  });

  it('never reads more than the hard 4 MiB cap even when asked for more', async () => {
    const { source, stats } = syntheticSource(GiB, "Execution failed. User process 'python' exited with status code 1.\n");
    const s = await summarizeSource(source, { byteBudget: 64 * 1024 * 1024 });
    expect(stats.bytesServed).toBeLessThanOrEqual(MAX_BYTE_BUDGET);
    expect(s.truncated).toBe(true);
    expect(s.category).toBe('user_code_error');
  });

  it('scans back when the traceback starts before the tail window', async () => {
    const frames = '  File "lib/deep.py", line 10, in recurse\n    return recurse(n - 1)\n'.repeat(6000); // ~420 KiB
    const text = filler(300 * KiB) + 'Traceback (most recent call last):\n' + frames + 'ValueError: bad shape (3, 4)\n';
    const s = await summarizeSource(memoryRangeSource(Buffer.from(text)));
    expect(s.bytesRead).toBeGreaterThan(256 * KiB);
    expect(s.bytesRead).toBeLessThan(text.length);
    expect(s.category).toBe('user_code_error');
    expect(s.headline).toBe('ValueError: bad shape (3, 4)');
  });

  it('scans back past a bare exit wrapper to the root cause', async () => {
    const text =
      filler(200 * KiB) +
      'Traceback (most recent call last):\n  File "train.py", line 1, in <module>\n    import transformers\n' +
      "ModuleNotFoundError: No module named 'transformers'\n" +
      filler(700 * KiB) +
      "Execution failed. User process '/azureml-envs/x/bin/python' exited with status code 1.\n";
    const s = await summarizeSource(memoryRangeSource(Buffer.from(text)), { tailBytes: 128 * KiB });
    expect(s.category).toBe('missing_module_or_env');
    expect(s.evidence[0]).toBe("ModuleNotFoundError: No module named 'transformers'");
    expect(s.evidence).toContain("Execution failed. User process '/azureml-envs/x/bin/python' exited with status code 1.");
    expect(s.bytesRead).toBeGreaterThan(700 * KiB);
    expect(s.truncated).toBe(false);
  });

  it('stops at the budget and says so', async () => {
    const text = "ModuleNotFoundError: No module named 'x'\n" + filler(3 * 1024 * KiB) + 'User process exited with status code 2\n';
    const s = await summarizeSource(memoryRangeSource(Buffer.from(text)), { byteBudget: 1024 * KiB });
    expect(s.bytesRead).toBeLessThanOrEqual(1024 * KiB);
    expect(s.truncated).toBe(true);
    expect(s.category).toBe('user_code_error');
  });

  it('does not scan back for a healthy tail', async () => {
    const { source, stats } = syntheticSource(GiB, 'INFO Epoch 3/10 step 1200/5000 (45%)\n');
    const s = await summarizeSource(source, { tailBytes: 64 * KiB });
    expect(stats.bytesServed).toBe(64 * KiB);
    expect(s.category).toBe('unknown');
    expect(s.headline).toBe('No failure found in the last 64 KB');
    expect(s.progress).toEqual({
      epoch: { current: 3, total: 10 },
      step: { current: 1200, total: 5000 },
      percent: 45,
      line: 'INFO Epoch 3/10 step 1200/5000 (45%)',
    });
  });

  it('handles windows that split lines and UTF-8 characters', async () => {
    const line = 'INFO données 日本語 🚀 température=21°C';
    const cause = 'ValueError: échec du chargement — 数据 🚫';
    const text = `${line}\n`.repeat(400) + 'Traceback (most recent call last):\n  File "é.py", line 1, in <module>\n' + `${cause}\n`;
    const bytes = Buffer.from(text, 'utf8');
    const fileLines = new Set(text.split('\n'));
    // Many window sizes, so that cuts land inside multi-byte characters and lines.
    for (let tail = 40; tail < 400; tail += 7) {
      const s = await summarizeSource(memoryRangeSource(bytes), { tailBytes: tail, lastLines: 3 });
      expect(s.category).toBe('user_code_error');
      expect(s.evidence[0]).toBe(cause);
      for (const l of [...s.evidence, ...s.lastLines]) {
        expect(l).not.toContain('\uFFFD');
        expect(fileLines.has(l)).toBe(true);
      }
      expect(s.lastLines[s.lastLines.length - 1]).toBe(cause);
    }
  });

  it('joins back-scanned chunks that split UTF-8 characters', async () => {
    const cause = "KeyError: 'clé 🔑 日本'";
    const text =
      'Traceback (most recent call last):\n  File "a.py", line 1\n' + `${cause}\n` +
      'INFO ünïcödé 🚀 日本語\n'.repeat(100) + "Execution failed. User process 'python' exited with status code 1.\n";
    for (const tail of [61, 67, 101]) {
      const s = await summarizeSource(memoryRangeSource(Buffer.from(text)), { tailBytes: tail });
      expect(s.evidence[0]).toBe(cause);
      expect(s.headline).toBe(cause);
      expect(s.truncated).toBe(false);
    }
  });

  it('summarizes an empty log without reading', async () => {
    const s = await summarizeSource(memoryRangeSource(Buffer.alloc(0)));
    expect(s).toMatchObject({ category: 'unknown', headline: 'The log is empty', evidence: [], lastLines: [], bytesRead: 0, totalBytes: 0 });
  });

  it('treats known noise as no failure', async () => {
    const noise =
      'Failure while loading azureml_run_type_providers. Failed to load entrypoint azureml.scriptrun = azureml.core.script_run:ScriptRun._from_run_dto with exception (urllib3 2.0.4).\n' +
      'Cleaning up all outstanding Run operations, waiting 300.0 seconds\n';
    const s = await summarizeSource(memoryRangeSource(Buffer.from(noise.repeat(20))));
    expect(s.category).toBe('unknown');
    expect(s.evidence).toEqual([]);
    expect(s.headline).toMatch(/^No failure found/);
  });
});
