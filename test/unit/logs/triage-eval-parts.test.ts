import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isJobLog, isRunError, type CorpusCase } from '../../../scripts/triage/corpus';
import { classifyCase } from '../../../scripts/triage/classify';
import { scoreCase } from '../../../scripts/triage/score';
import { readSecondLabels, secondLabellerScore } from '../../../scripts/triage/second-labels';

const kase = (over: Partial<CorpusCase>): CorpusCase => ({
  id: 'x-001', source: 'https://example.invalid/1', jobType: 'command job', logKind: 'std_log', category: 'user_code_error', rootCause: '', note: '', text: '', part: 'dev', ...over,
});

describe('how the corpus reaches the engine', () => {
  it('a run error kind is the run error of a Failed job, a job log kind is a Failed job\'s log, the rest a bare file', () => {
    expect(['studio_error_text', 'run_error_json', 'other: run error message'].map(isRunError)).toEqual([true, true, true]);
    expect(['std_log', 'driver_log (70_driver_log)', 'image_build_log', 'executionlogs (pipeline)'].map(isJobLog)).toEqual([true, true, true, true]);
    expect(['sdk_exception', 'cli_error', 'deployment_log'].some((k) => isRunError(k) || isJobLog(k))).toBe(false);
  });

  it('the same words are a likely failure as a Failed job\'s log, and no failure as a bare file', () => {
    const text = 'Submitting remote run.\nThe validation results are as follows:\nY is empty';
    const asLog = classifyCase(kase({ logKind: 'automl_log', text, rootCause: 'Y is empty' }));
    expect([asLog.category, asLog.likely, asLog.evidence]).toEqual(['user_code_error', true, ['Y is empty']]);
    expect(classifyCase(kase({ logKind: 'other', text })).category).toBe('unknown');
    // Stopped in the image build: the file name the product reads it under says so.
    expect(classifyCase(kase({ logKind: 'image_build_log', text: 'Solving environment: ...working... ' })).category).toBe('image_build_failure');
  });

  it('a firm and a likely verdict are told apart in the score', () => {
    const c = kase({ text: 'Traceback (most recent call last):\n  File "t.py", line 1, in <module>\nKeyError: \'a\'', rootCause: "KeyError: 'a'" });
    expect(scoreCase(c, classifyCase(c)).likely).toBe(false);
  });
});

describe('the human reference', () => {
  it('scores the second labeller against the final labels, on the cases it labelled', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'second-'));
    const file = path.join(dir, 'second.tsv');
    fs.writeFileSync(file, 'id\tcategory\trootCause\tconfidence\twhy\na-1\tout_of_memory\tx\thigh\tw\na-2\tdata_access\tx\tlow\tw\n');
    const second = readSecondLabels(file);
    const cases = [kase({ id: 'a-1', category: 'out_of_memory' }), kase({ id: 'a-2', category: 'auth_permission' }), kase({ id: 'a-3' })];
    expect(secondLabellerScore(cases, second)).toEqual({ n: 2, correct: 1 });
  });
});
