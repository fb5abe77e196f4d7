import { PromotionEvidence } from '../evidence/evidence-schema';
import { plain } from './format';
import { CardElement } from './types';

/**
 * The evidence a promotion was asked with: key metrics against the current version (with deltas), then each
 * acceptance gate: ✅ passed, ❌ failed in red and bold, and an override with its reason. Used by the approval card
 * and by the refusal the requester gets, so both show what the gates saw.
 */
export function evidenceBlock(e: PromotionEvidence, model: string): CardElement[] {
  const out: CardElement[] = [];
  const vs = e.current ? ` vs ${plain(model, 60)} version ${plain(e.current.version, 20)}${e.current.job ? ` (from ${plain(e.current.job, 80)})` : ''}` : '';
  out.push({ type: 'TextBlock', text: `Evidence: metrics${vs}`, weight: 'bolder', wrap: true, separator: true });
  const notes = [e.source && `This job's metrics come from its ${e.source}.`, e.current?.source && `The current version's come from its ${e.current.source}.`, e.currentNote && `${e.currentNote}.`, e.note && `${e.note}.`].filter(Boolean) as string[];
  if (notes.length) out.push({ type: 'TextBlock', text: plain(notes.join(' '), 500), wrap: true, size: 'small', isSubtle: true, spacing: 'none' });
  if (e.metrics.length) {
    out.push({
      type: 'FactSet', spacing: 'small',
      facts: e.metrics.map((m) => ({
        title: plain(m.key, 60),
        value: `${m.value}${m.current !== undefined ? ` · current ${m.current} · ${m.delta ?? ''}` : ''} (${m.at}${m.best ? `; ${m.best}` : ''})`,
      })),
    });
  }
  if (e.gates.length) {
    out.push({ type: 'TextBlock', text: 'Acceptance gates', weight: 'bolder', wrap: true, spacing: 'medium' });
    for (const g of e.gates) {
      out.push({
        type: 'TextBlock', wrap: true, size: 'small', spacing: 'none',
        text: `${g.passed ? '✅ passed' : '❌ FAILED'}: ${plain(g.rule, 120)} — ${plain(g.detail, 160)}`,
        ...(g.passed ? {} : { color: 'attention' as const, weight: 'bolder' as const }),
      });
    }
  } else {
    out.push({ type: 'TextBlock', text: 'No acceptance gates are configured for this model.', wrap: true, size: 'small', isSubtle: true });
  }
  if (e.override) out.push({ type: 'TextBlock', text: `⚠️ Failed gates overridden by the requester: “${plain(e.override, 300)}”`, wrap: true, color: 'attention', weight: 'bolder' });
  return out;
}
