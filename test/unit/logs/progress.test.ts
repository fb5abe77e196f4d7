import { summarizeText } from '../../../src/logs';

describe('progress extraction', () => {
  it.each([
    ['Epoch 3/10 - step 1200/5000 - 45%', { epoch: { current: 3, total: 10 }, step: { current: 1200, total: 5000 }, percent: 45 }],
    ['epoch: 3 | global_step: 1200', { epoch: { current: 3 }, step: { current: 1200 } }],
    ['Training:  45%|████▌     | 2250/5000 [10:01<12:15,  3.74it/s]', { step: { current: 2250, total: 5000 }, percent: 45 }],
    ['Epoch [3/10], Step [1200/5000], Loss: 0.2', { epoch: { current: 3, total: 10 }, step: { current: 1200, total: 5000 } }],
    ['progress: 45% complete', { percent: 45 }],
  ])('%s', (line, expected) => {
    const s = summarizeText(`INFO start\n${line}\nINFO saved checkpoint\n`);
    expect(s.progress).toEqual({ ...expected, line });
    expect(s.category).toBe('unknown');
  });

  it('keeps the latest epoch and step even when printed on different lines', () => {
    const s = summarizeText('Epoch 2/10\nstep 100/500\nEpoch 3/10\nstep 1200/5000 45%\n');
    expect(s.progress).toMatchObject({ epoch: { current: 3, total: 10 }, step: { current: 1200, total: 5000 }, percent: 45 });
  });

  it('ignores docker build steps and unrelated percentages', () => {
    const s = summarizeText('Step 3/5 : RUN pip install torch\nGPU utilization 95% on device 0\n');
    expect(s.progress).toBeUndefined();
  });

  it('reads the last frame of a carriage-return tqdm line', () => {
    const s = summarizeText(' 10%|█ | 1/10 [00:01<00:09]\r 20%|██ | 2/10 [00:02<00:08]\n');
    expect(s.progress).toMatchObject({ percent: 20, step: { current: 2, total: 10 } });
  });
});
