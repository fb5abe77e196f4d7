import { plain, verbatim } from './format';
import { AdaptiveCardV15, CardElement, card, execute } from './types';
import { VERBS } from './verbs';

export interface OutputsCardModel {
  workspaceAlias: string;
  job: string;
  status: string;
  studioUrl: string;
  items: { name: string; kind: string; uri: string }[];
  downloadAll: string;
  downloadOne?: string;
  showHandle: string;
}

/** A job's named outputs and log folders: each an azureml:// URI, then one command that downloads everything. */
export function outputsCard(m: OutputsCardModel): AdaptiveCardV15 {
  const body: CardElement[] = [
    { type: 'TextBlock', text: `Outputs of ${plain(m.job, 120)}`, weight: 'bolder', size: 'medium', wrap: true },
    { type: 'TextBlock', text: `${m.workspaceAlias} · ${m.status}${m.status === 'Completed' ? '' : ' — outputs may be partial'}`, isSubtle: true, spacing: 'none', wrap: true },
  ];
  for (const i of m.items.slice(0, 8)) {
    // No Markdown links: plain text for the name, the URI verbatim, and a real button to the Studio page.
    body.push(
      { type: 'TextBlock', text: `${plain(i.name, 80)} (${plain(i.kind, 40)})`, weight: 'bolder', wrap: true, spacing: 'small' },
      { type: 'TextBlock', text: verbatim(i.uri, 300), size: 'small', fontType: 'monospace', wrap: true, spacing: 'none' },
      { type: 'ActionSet', spacing: 'none', actions: [{ type: 'Action.OpenUrl', title: 'Studio', url: m.studioUrl }] },
    );
  }
  body.push(
    { type: 'TextBlock', text: 'Download everything:', weight: 'bolder', wrap: true, separator: true },
    { type: 'TextBlock', text: verbatim(m.downloadAll, 400), size: 'small', fontType: 'monospace', wrap: true, spacing: 'none' },
  );
  if (m.downloadOne) {
    body.push(
      { type: 'TextBlock', text: 'One output (change --output-name):', wrap: true, spacing: 'small' },
      { type: 'TextBlock', text: verbatim(m.downloadOne, 400), size: 'small', fontType: 'monospace', wrap: true, spacing: 'none' },
    );
  }
  return card(body, [{ type: 'Action.OpenUrl', title: 'Outputs in Studio', url: m.studioUrl }, execute('Show job', VERBS.showJob, m.showHandle)], `Outputs of ${m.job}`);
}
