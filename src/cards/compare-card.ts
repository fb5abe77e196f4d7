import { plain } from './format';
import { statusLabel } from './status-text';
import { AdaptiveCardV15, CardElement, Column, TextColor, card } from './types';

export interface CompareRow {
  label: string;
  a: string;
  b: string;
  differs: boolean;
  /** Under B: the delta with its direction, coloured and worded (never colour alone). */
  delta?: { text: string; tone: 'good' | 'bad' | 'neutral' };
  /** Small print under each value (a metric's step and time). */
  subA?: string;
  subB?: string;
}

export interface CompareSection {
  title: string;
  rows: CompareRow[];
  /** "12 more parameters are the same", "3 more metrics not shown". */
  more?: string;
  empty?: string;
}

export interface CompareSide {
  name: string;
  status: string;
  /** Which run the metrics came from when it is not the job itself. */
  source?: string;
}

export interface CompareCardModel {
  title: string;
  workspaceAlias: string;
  a: CompareSide;
  b: CompareSide;
  sections: CompareSection[];
  /** Above everything: "Δ is B − A", or why a side has no metrics. */
  notes: string[];
}

const TONE: Record<'good' | 'bad' | 'neutral', TextColor> = { good: 'good', bad: 'attention', neutral: 'default' };

function cell(text: string, o: { bold?: boolean; sub?: string; delta?: CompareRow['delta'] } = {}): Column {
  const items: CardElement[] = [{ type: 'TextBlock', text: text || '—', wrap: true, size: 'small', weight: o.bold ? 'bolder' : 'default' }];
  if (o.delta) items.push({ type: 'TextBlock', text: o.delta.text, wrap: true, size: 'small', spacing: 'none', color: TONE[o.delta.tone], weight: 'bolder' });
  if (o.sub) items.push({ type: 'TextBlock', text: o.sub, wrap: true, size: 'small', spacing: 'none', isSubtle: true });
  // Relative weights: the label column narrower than the two value columns, which are equal.
  return { type: 'Column', width: '35', items };
}

/**
 * Two runs side by side (label | A | B: three columns, the most a phone shows well). Every section lists its
 * differences first; a row that differs is marked ≠ and bold, so colour is never the only signal.
 */
export function compareCard(m: CompareCardModel): AdaptiveCardV15 {
  const body: CardElement[] = [
    { type: 'TextBlock', text: plain(m.title, 200), weight: 'bolder', size: 'medium', wrap: true },
    { type: 'TextBlock', text: `Workspace ${plain(m.workspaceAlias, 40)}`, isSubtle: true, spacing: 'none', wrap: true },
  ];
  for (const n of m.notes) body.push({ type: 'TextBlock', text: plain(n, 300), wrap: true, size: 'small', spacing: 'small' });
  const side = (s: CompareSide, tag: string): Column => cell(`${tag}: ${plain(s.name, 80)}`, { bold: true, sub: `${statusLabel(s.status)}${s.source ? ` · metrics from ${plain(s.source, 160)}` : ''}` });
  body.push({ type: 'ColumnSet', separator: true, columns: [{ type: 'Column', width: '28', items: [{ type: 'TextBlock', text: ' ', size: 'small' }] }, side(m.a, 'A'), side(m.b, 'B')] });
  for (const s of m.sections) {
    body.push({ type: 'TextBlock', text: s.title, weight: 'bolder', separator: true, wrap: true, spacing: 'medium' });
    if (!s.rows.length) body.push({ type: 'TextBlock', text: s.empty ?? 'Nothing to compare.', isSubtle: true, size: 'small', wrap: true, spacing: 'none' });
    for (const r of s.rows) {
      body.push({
        type: 'ColumnSet', spacing: 'small',
        columns: [
          { type: 'Column', width: '28', items: [{ type: 'TextBlock', text: `${r.differs ? '≠ ' : ''}${plain(r.label, 60)}`, wrap: true, size: 'small', weight: r.differs ? 'bolder' : 'default' }] },
          cell(r.a, { sub: r.subA }),
          cell(r.b, { sub: r.subB, delta: r.delta }),
        ],
      });
    }
    if (s.more) body.push({ type: 'TextBlock', text: s.more, isSubtle: true, size: 'small', wrap: true, spacing: 'small' });
  }
  return card(body, [], plain(m.title, 200));
}
