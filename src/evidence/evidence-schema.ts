import { z } from 'zod';

/**
 * A promotion's evidence as the gates saw it when it was asked for (the approver sees exactly this): the candidate's
 * key metrics next to the current version's, and each gate's verdict. Strings, so the card never recomputes.
 */
export const evidenceSchema = z.object({
  source: z.string().optional(),
  note: z.string().optional(),
  current: z.object({ version: z.string(), job: z.string().optional(), source: z.string().optional() }).optional(),
  currentNote: z.string().optional(),
  metrics: z.array(z.object({
    key: z.string(), value: z.string(), at: z.string(), current: z.string().optional(),
    delta: z.string().optional(), tone: z.enum(['good', 'bad', 'neutral']), best: z.string().optional(),
  })).max(12),
  gates: z.array(z.object({ rule: z.string(), passed: z.boolean(), detail: z.string() })).max(20),
  /** Failed gates overridden by the requester (`promote … anyway because <reason>`): the reason. */
  override: z.string().optional(),
});
export type PromotionEvidence = z.infer<typeof evidenceSchema>;
