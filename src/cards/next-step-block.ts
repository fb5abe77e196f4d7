import { plain } from './format';
import { CardElement } from './types';

/**
 * The next step, right under the verdict (the first thing an on-call engineer wants after "what broke"), with its
 * Learn page as an inline link: a fifth button would truncate every title on a phone-width card.
 */
export function nextStepBlock(step: { text: string; learnUrl?: string }): CardElement {
  const link = step.learnUrl && /^https:\/\/learn\.microsoft\.com\//.test(step.learnUrl) ? ` [How to fix](${step.learnUrl})` : '';
  return { type: 'TextBlock', text: `Next step: ${plain(step.text, 300)}${link}`, wrap: true, spacing: 'small' };
}
