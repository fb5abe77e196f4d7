import { PromotionEvidence } from '../evidence/evidence-schema';
import { plain } from './format';
import { evidenceBlock } from './promotion-evidence-block';
import { AdaptiveCardV15, card } from './types';

export interface PromotionRefusedModel {
  job: string;
  workspaceAlias: string;
  model: string;
  evidence: PromotionEvidence;
}

/** A promotion that failed its acceptance gates: nothing was asked; the evidence shows why and how to override. */
export function promotionRefusedCard(m: PromotionRefusedModel): AdaptiveCardV15 {
  const failed = m.evidence.gates.filter((g) => !g.passed).length;
  return card(
    [
      { type: 'TextBlock', text: `Not promoted: ${plain(m.job, 120)} as ${plain(m.model, 80)}`, weight: 'bolder', size: 'medium', wrap: true, color: 'attention' },
      { type: 'TextBlock', text: `It fails ${failed} of the acceptance gates for ${plain(m.model, 80)} in ${m.workspaceAlias}, so no approver was asked.`, wrap: true, spacing: 'small' },
      ...evidenceBlock(m.evidence, m.model),
      { type: 'TextBlock', text: `To ask anyway, say why: \`promote ${plain(m.job, 120)} in ${m.workspaceAlias} as ${plain(m.model, 80)} anyway because <reason>\`. The approver sees the failed gates and your reason.`, wrap: true, isSubtle: true, separator: true },
    ],
    [],
    `Not promoted: ${m.job} fails ${failed} acceptance gate(s) for ${m.model}`,
  );
}
