import { z } from 'zod';
import { evidenceSchema } from '../evidence/evidence-schema';

const person = z.object({ id: z.string(), name: z.string(), aadObjectId: z.string().optional() });
const post = z.object({ reference: z.record(z.unknown()), activityId: z.string() });

export const REQUEST_STATES = ['pending', 'approved', 'rejected', 'withdrawn', 'expired', 'done', 'failed'] as const;

export const approvalSchema = z.object({
  action: z.enum(['cancel', 'promote', 'rerun']),
  workspace: z.string(),
  job: z.string(),
  /** Facts shown on the card, captured at request time and refreshed on decisions. */
  facts: z.object({
    displayName: z.string().optional(), type: z.string(), status: z.string(), experiment: z.string(),
    submitter: z.string().optional(), compute: z.string().optional(), startedAt: z.string().optional(),
    studioUrl: z.string().optional(), tags: z.record(z.string()).optional(),
    /** Node-hours, GPU-hours and the list-price estimate when asked; what another hour costs (a running job). */
    cost: z.string().optional(), perHour: z.string().optional(),
  }),
  promote: z.object({ modelName: z.string(), outputName: z.string(), path: z.string() }).optional(),
  evidence: evidenceSchema.optional(),
  /** The new job's name, fixed when the request is made: however often it is carried out, one job. */
  rerun: z.object({ newName: z.string() }).optional(),
  requester: person,
  reason: z.string().optional(),
  state: z.enum(REQUEST_STATES),
  createdAt: z.string(),
  expiresAt: z.string(),
  decidedBy: person.optional(),
  decidedAt: z.string().optional(),
  /** When a sweeper last claimed an approved request to carry it out (T17 resume); one claim per minute. */
  resumedAt: z.string().optional(),
  /**
   * Set (compare-and-set) just before Azure is asked to act. A request resumed after a crash (T17) with this set may
   * find its own cancel done already: that is this approval's outcome, not "someone else ended the job".
   */
  executingSince: z.string().optional(),
  comment: z.string().optional(),
  /** What Azure answered: final job status, or the registered model version, or why nothing was done. */
  result: z.object({ status: z.string().optional(), modelVersion: z.string().optional(), message: z.string().optional() }).optional(),
  /** Every card posted for this request, so all of them are updated in place. */
  posts: z.array(post),
  /** Teams user ids (29:…) of the requester and known approvers, for user-specific refresh views. */
  viewers: z.array(z.string()).max(60),
  approvers: z.array(z.object({ aadObjectId: z.string(), name: z.string() })),
  escalated: z.boolean(),
  originConversationId: z.string(),
  /** Where the requester asked, to tell them the outcome. */
  originReference: z.record(z.unknown()),
});

export type ApprovalRequest = z.infer<typeof approvalSchema>;
export type ApprovalState = ApprovalRequest['state'];
export type Person = z.infer<typeof person>;

export function isOpen(r: ApprovalRequest): boolean {
  return r.state === 'pending';
}
