/**
 * The subset of the Adaptive Card 1.5 schema our cards use, typed so a misspelt property fails
 * the build. Teams renders 1.5; `Action.Execute` needs it.
 */
export type TextColor = 'default' | 'dark' | 'light' | 'accent' | 'good' | 'warning' | 'attention';
export type ContainerStyle = 'default' | 'emphasis' | 'good' | 'attention' | 'warning' | 'accent';

export interface TextBlock {
  type: 'TextBlock';
  text: string;
  wrap?: boolean;
  weight?: 'default' | 'lighter' | 'bolder';
  size?: 'small' | 'default' | 'medium' | 'large' | 'extraLarge';
  color?: TextColor;
  isSubtle?: boolean;
  maxLines?: number;
  spacing?: 'none' | 'small' | 'default' | 'medium' | 'large';
  separator?: boolean;
  fontType?: 'default' | 'monospace';
}

export interface FactSet {
  type: 'FactSet';
  facts: { title: string; value: string }[];
  spacing?: TextBlock['spacing'];
  separator?: boolean;
}

export interface Column {
  type: 'Column';
  width?: 'auto' | 'stretch' | string;
  items: CardElement[];
  verticalContentAlignment?: 'top' | 'center' | 'bottom';
}

export interface ColumnSet {
  type: 'ColumnSet';
  columns: Column[];
  spacing?: TextBlock['spacing'];
  separator?: boolean;
  selectAction?: ActionExecute;
}

export interface Container {
  type: 'Container';
  items: CardElement[];
  style?: ContainerStyle;
  spacing?: TextBlock['spacing'];
  separator?: boolean;
  selectAction?: ActionExecute;
}

export interface ActionSet {
  type: 'ActionSet';
  actions: Action[];
  spacing?: TextBlock['spacing'];
}

export interface InputText {
  type: 'Input.Text';
  id: string;
  placeholder?: string;
  label?: string;
  isMultiline?: boolean;
  maxLength?: number;
}

/**
 * Teams chart colours (named, theme-aware): the semantic ones match the status tones; the
 * categorical ones are for series without a meaning.
 */
export type ChartColor =
  | 'good' | 'warning' | 'attention' | 'neutral'
  | 'categoricalRed' | 'categoricalPurple' | 'categoricalLavender' | 'categoricalBlue' | 'categoricalLightBlue'
  | 'categoricalTeal' | 'categoricalGreen' | 'categoricalLime' | 'categoricalMarigold';

/** What a client renders instead of an element type it does not know (Adaptive Cards 1.2+). */
export type ElementFallback = Exclude<CardElement, ChartDonut> | 'drop';

/**
 * Teams-only chart element. Clients without charts (older Teams, Outlook, the official JS renderer)
 * skip the unknown type and render `fallback`, so a chart always carries a text equivalent.
 */
export interface ChartDonut {
  type: 'Chart.Donut';
  title?: string;
  data: { legend: string; value: number; color?: ChartColor }[];
  colorSet?: 'categorical' | 'sequential' | 'diverging';
  spacing?: TextBlock['spacing'];
  separator?: boolean;
  fallback: ElementFallback;
}

export type CardElement = TextBlock | FactSet | ColumnSet | Container | ActionSet | InputText | ChartDonut;

export interface ActionExecute {
  type: 'Action.Execute';
  title: string;
  verb: string;
  data: { h: string; i?: number };
  style?: 'default' | 'positive' | 'destructive';
  tooltip?: string;
  /** Clients without Action.Execute (some mobile builds) send this instead; same handler, same checks. */
  fallback?: ActionSubmit;
}

export interface ActionSubmit {
  type: 'Action.Submit';
  title: string;
  data: { verb: string; h: string };
}

export interface ActionOpenUrl {
  type: 'Action.OpenUrl';
  title: string;
  url: string;
}

export type Action = ActionExecute | ActionOpenUrl;

export interface AdaptiveCardV15 {
  type: 'AdaptiveCard';
  $schema: 'http://adaptivecards.io/schemas/adaptive-card.json';
  /**
   * 1.5 everywhere (Universal Actions need it), except an unfurled link's card: Microsoft documents link unfurling
   * for Adaptive Cards up to 1.3 only (message-extensions/results.ts, unfurlCard).
   */
  version: '1.5' | '1.3';
  body: CardElement[];
  actions?: Action[];
  msteams?: { width?: 'Full'; entities?: { type: 'mention'; text: string; mentioned: { id: string; name: string } }[] };
  /** Universal Actions: each listed user's client asks for its own view (R3.4: refresh never changes state). */
  refresh?: { action: ActionExecute; userIds: string[] };
  fallbackText?: string;
}

export function card(body: CardElement[], actions: Action[] = [], fallbackText?: string): AdaptiveCardV15 {
  const c: AdaptiveCardV15 = { type: 'AdaptiveCard', $schema: 'http://adaptivecards.io/schemas/adaptive-card.json', version: '1.5', body };
  if (actions.length) c.actions = actions;
  if (fallbackText) c.fallbackText = fallbackText;
  return c;
}

export function execute(title: string, verb: string, handle: string, style?: ActionExecute['style'], index?: number): ActionExecute {
  const a: ActionExecute = { type: 'Action.Execute', title, verb, data: index === undefined ? { h: handle } : { h: handle, i: index } };
  if (style) a.style = style;
  return a;
}

/**
 * The same button for clients that do not render Action.Execute (Microsoft's backward-compatibility advice for
 * Universal Actions in Teams): an Action.Submit with the verb and the handle, answered by the same handler and checks.
 */
export function withSubmitFallback(a: ActionExecute): ActionExecute {
  return { ...a, fallback: { type: 'Action.Submit', title: a.title, data: { verb: a.verb, h: a.data.h } } };
}
