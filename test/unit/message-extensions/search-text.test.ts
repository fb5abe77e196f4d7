import { echo } from '../../../src/message-extensions/search-jobs';
import { parseSearch } from '../../../src/message-extensions/search-text';

describe('parseSearch', () => {
  it.each([
    ['', { words: [], filters: { mine: false } }],
    ['resnet', { words: ['resnet'], filters: { mine: false } }],
    ['Failed', { words: [], filters: { mine: false, statuses: ['Failed'] } }],
    ['failed running', { words: [], filters: { mine: false, statuses: ['Failed', 'Running'] } }],
    ['cancelled', { words: [], filters: { mine: false, statuses: ['Canceled'] } }],
    ['fraud failed in PROD', { words: ['fraud'], workspace: 'prod', filters: { mine: false, statuses: ['Failed'] } }],
    ['gbm in', { words: ['gbm'], filters: { mine: false } }],
    ['status=Failed,Running type=Command', { words: [], filters: { mine: false, statuses: ['Failed', 'Running'], type: 'Command' } }],
    ['experiment=fraud-gbm mine since=12h', { words: [], filters: { mine: true, experiment: 'fraud-gbm', sinceHours: 12 } }],
    ['tag=team=fraud bert', { words: ['bert'], filters: { mine: false, tag: { key: 'team', value: 'fraud' } } }],
    ['  train   resnet  ', { words: ['train', 'resnet'], filters: { mine: false } }],
  ])('%j', (text, expected) => {
    const r = parseSearch(text);
    expect(r).toEqual({ ok: true, search: expect.objectContaining(expected) });
    if (r.ok && !('workspace' in expected)) expect(r.search.workspace).toBeUndefined();
  });

  it('takes list filters with list\'s own parser, so its errors are list\'s', () => {
    expect(parseSearch('since=tomorrow')).toEqual({ ok: false, error: expect.stringContaining('since=12h') });
    expect(parseSearch('colour=red')).toEqual({ ok: false, error: expect.stringContaining('Filters: status, type') });
  });

  it('refuses an overlong search and too many words, saying what to do', () => {
    expect(parseSearch('x'.repeat(201))).toEqual({ ok: false, error: expect.stringContaining('too long') });
    expect(parseSearch('a b c d e f g')).toEqual({ ok: false, error: expect.stringContaining('at most 6 words') });
  });
});

describe('echo', () => {
  it('drops control and bidi characters and clips', () => {
    expect(echo('abc\u202Edef\u0007')).toBe('abcdef');
    expect(echo('x'.repeat(100))).toHaveLength(60);
  });
});
