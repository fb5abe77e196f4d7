import { Job } from '../../../src/azureml/types';
import { Action, ActionExecute, AdaptiveCardV15, CardElement } from '../../../src/cards/types';

/** A fixed clock so relative times ("2h 0m ago") and snapshots never drift. */
export const NOW = new Date('2024-07-24T12:00:00.000Z');

/** Handles look like the real ones (22 base64url chars) so nothing passes only because ids are short. */
export const H = {
  show: 'SHOWshowSHOWshowSHOW01',
  summary: 'SUMMsummSUMMsummSUMM01',
  refresh: 'REFRrefrREFRrefrREFR01',
  cancel: 'CANCcancCANCcancCANC01',
  keep: 'KEEPkeepKEEPkeepKEEP01',
  more: 'MOREmoreMOREmoreMORE01',
  stop: 'STOPstopSTOPstopSTOP01',
} as const;

export function hoursAgo(h: number): Date {
  return new Date(NOW.getTime() - h * 3_600_000);
}

/** A running command job with sensible defaults; override only what a test is about. */
export function makeJob(over: Partial<Job> = {}): Job {
  return {
    name: 'train-resnet50-nightly',
    type: 'Command',
    status: 'Running',
    experiment: 'nightly-retrain',
    submitter: 'Priya Patel',
    submitterType: 'User',
    compute: 'gpu-cluster',
    createdAt: hoursAgo(3),
    startedAt: hoursAgo(2),
    tags: {},
    inputs: [],
    outputs: [],
    archived: false,
    ...over,
  };
}

/** Every action on the card: card-level, ActionSets and row selectActions. */
export function actionsOf(card: AdaptiveCardV15): Action[] {
  const out: Action[] = [...(card.actions ?? [])];
  const visit = (els: CardElement[]): void => {
    for (const el of els) {
      if (el.type === 'Container') {
        if (el.selectAction) out.push(el.selectAction);
        visit(el.items);
      } else if (el.type === 'ColumnSet') {
        if (el.selectAction) out.push(el.selectAction);
        for (const c of el.columns) visit(c.items);
      } else if (el.type === 'ActionSet') {
        out.push(...el.actions);
      }
    }
  };
  visit(card.body);
  return out;
}

export function executesOf(card: AdaptiveCardV15): ActionExecute[] {
  return actionsOf(card).filter((a): a is ActionExecute => a.type === 'Action.Execute');
}

/** What a person reads: every TextBlock and every fact, in order (for a chart, its text fallback). */
export function textsOf(card: AdaptiveCardV15): string[] {
  const out: string[] = [];
  const visit = (els: CardElement[]): void => {
    for (const el of els) {
      if (el.type === 'Chart.Donut') {
        if (el.fallback !== 'drop') visit([el.fallback]);
      } else if (el.type === 'TextBlock') out.push(el.text);
      else if (el.type === 'FactSet') for (const f of el.facts) out.push(`${f.title}: ${f.value}`);
      else if (el.type === 'Container') visit(el.items);
      else if (el.type === 'ColumnSet') for (const c of el.columns) visit(c.items);
    }
  };
  visit(card.body);
  return out;
}

export function factsOf(card: AdaptiveCardV15): Record<string, string> {
  const out: Record<string, string> = {};
  const visit = (els: CardElement[]): void => {
    for (const el of els) {
      if (el.type === 'FactSet') for (const f of el.facts) out[f.title] = f.value;
      else if (el.type === 'Container') visit(el.items);
    }
  };
  visit(card.body);
  return out;
}

export function allText(card: AdaptiveCardV15): string {
  return textsOf(card).join('\n');
}

/** The size Teams counts: UTF-8 bytes of the serialised card. */
export function cardBytes(card: AdaptiveCardV15): number {
  return Buffer.byteLength(JSON.stringify(card), 'utf8');
}
