import { parseLength } from './soak';

it('npm run soak takes its length as a number of activities, with k for thousands', () => {
  expect(parseLength('100000')).toBe(100_000);
  expect(parseLength('100k')).toBe(100_000);
  expect(parseLength('100_000')).toBe(100_000);
  for (const bad of ['', 'lots', '-5', '1.5k', '5']) expect(() => parseLength(bad)).toThrow('soak length');
});
