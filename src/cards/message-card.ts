import { AdaptiveCardV15, card } from './types';

export interface MessageModel {
  title: string;
  text: string;
  tone?: 'error' | 'info' | 'warning';
}

/** Errors and notices as a small card (invoke responses must be cards to replace the old one). */
export function messageCard(m: MessageModel): AdaptiveCardV15 {
  const color = m.tone === 'error' ? 'attention' : m.tone === 'warning' ? 'warning' : 'default';
  return card(
    [
      { type: 'TextBlock', text: m.title, weight: 'bolder', size: 'medium', color, wrap: true },
      { type: 'TextBlock', text: m.text, wrap: true },
    ],
    [],
    `${m.title}: ${m.text}`,
  );
}
