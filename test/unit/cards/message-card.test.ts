import { messageCard } from '../../../src/cards/message-card';
import { expectCardShape } from './card-rules';

describe('messageCard', () => {
  it.each([
    ['error', 'attention'],
    ['warning', 'warning'],
    ['info', 'default'],
    [undefined, 'default'],
  ] as const)('tone %s colours the title %s', (tone, color) => {
    const c = messageCard({ title: 'Not done', text: 'Try again.', tone });
    expectCardShape(c);
    expect(c.body).toEqual([
      { type: 'TextBlock', text: 'Not done', weight: 'bolder', size: 'medium', color, wrap: true },
      { type: 'TextBlock', text: 'Try again.', wrap: true },
    ]);
    expect(c.actions).toBeUndefined();
    expect(c.fallbackText).toBe('Not done: Try again.');
  });

  it('matches the snapshot', () => {
    expect(messageCard({ title: 'Card out of date', text: 'This card has expired. Run the command again. (ref 0a1b2c3d)', tone: 'error' })).toMatchSnapshot();
  });
});
