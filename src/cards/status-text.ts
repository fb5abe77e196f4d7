import { statusStyle } from '../azureml/status';
import { TextBlock, TextColor } from './types';

const TONE_COLOR: Record<string, TextColor> = { good: 'good', attention: 'attention', warning: 'warning', accent: 'accent', default: 'default' };

/** Status as icon + word + colour, never colour alone. */
export function statusLabel(status: string): string {
  return `${statusStyle(status).icon} ${status}`;
}

export function statusBlock(status: string, extra?: Partial<TextBlock>): TextBlock {
  return { type: 'TextBlock', text: statusLabel(status), color: TONE_COLOR[statusStyle(status).tone] ?? 'default', weight: 'bolder', wrap: true, ...extra };
}
