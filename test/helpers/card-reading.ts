/**
 * Reading the bot's replies the way a person would: the text of a card, its buttons, the first card
 * of a reply. Pure, so the integration harness and the benchmarks share one copy.
 */
export interface Activity {
  type: string;
  text?: string;
  attachments?: { contentType: string; content: Card }[];
}
export interface Card {
  type: string;
  body: Record<string, unknown>[];
  actions?: { type: string; title: string; verb?: string; data?: { h: string; i?: number } }[];
  [k: string]: unknown;
}

/** Every TextBlock text and FactSet fact in a card, flattened: what a person would read. */
export function cardText(card: unknown): string {
  const out: string[] = [];
  const walk = (x: unknown): void => {
    if (Array.isArray(x)) x.forEach(walk);
    else if (x && typeof x === 'object') {
      const o = x as Record<string, unknown>;
      if (o.type === 'TextBlock' && typeof o.text === 'string') out.push(o.text);
      if (o.type === 'FactSet' && Array.isArray(o.facts)) for (const f of o.facts as { title: string; value: string }[]) out.push(`${f.title}: ${f.value}`);
      Object.values(o).forEach(walk);
    }
  };
  walk(card);
  return out.join('\n');
}

/** All Action.Execute buttons anywhere in a card (including row selectActions). */
export function cardActions(card: unknown): { title: string; verb: string; data: { h: string; i?: number } }[] {
  const out: { title: string; verb: string; data: { h: string; i?: number } }[] = [];
  const walk = (x: unknown): void => {
    if (Array.isArray(x)) x.forEach(walk);
    else if (x && typeof x === 'object') {
      const o = x as Record<string, unknown>;
      if (o.type === 'Action.Execute') out.push({ title: String(o.title), verb: String(o.verb), data: o.data as { h: string; i?: number } });
      Object.values(o).forEach(walk);
    }
  };
  walk(card);
  return out;
}

/** The first Adaptive Card among the replies (bench replies carry `unknown` content, hence the loose input). */
export function firstCard(activities: { attachments?: { contentType: string; content: unknown }[] }[]): Card {
  const c = activities.flatMap((a) => a.attachments ?? []).find((a) => a.contentType === 'application/vnd.microsoft.card.adaptive');
  if (!c) throw new Error(`no card in replies: ${JSON.stringify(activities).slice(0, 500)}`);
  return c.content as Card;
}

/** What a person reads in a reply: each activity's text and every card's text. */
export function said(activities: Activity[]): string {
  return activities.map((a) => [a.text ?? '', ...(a.attachments ?? []).map((x) => cardText(x.content))].join('\n')).join('\n');
}

/** The data of the card's button with this verb (what pressing it sends); throws when the card has none. */
export function buttonData(card: Card, verb: string): unknown {
  const a = cardActions(card).find((x) => x.verb === verb);
  if (!a) throw new Error(`no ${verb} button in ${cardText(card)}`);
  return a.data;
}

/** An approval card's request id (its refresh action's handle). */
export function approvalIdOf(card: Card): string {
  return (card as { refresh?: { action: { data: { h: string } } } }).refresh!.action.data.h;
}
