// The official Adaptive Cards parser (npm adaptivecards 3.0.6) as a card checker for tests.
//
// The package's main entry pulls in the DOM renderer and fails in Node; its UMD bundle
// (dist/adaptivecards.js) loads once `window` exists. Parsing and validation never touch the DOM, so the
// shim is one line (`window` = the global object) rather than a DOM library.
const g = globalThis as any;
if (g.window === undefined) g.window = globalThis;
const AC: any = require('adaptivecards/dist/adaptivecards.js');

/** Teams' chart elements (https://learn.microsoft.com/microsoftteams/platform/task-modules-and-cards/cards/charts-in-adaptive-cards). */
export const TEAMS_CHART_TYPES = [
  'Chart.Donut',
  'Chart.Pie',
  'Chart.Gauge',
  'Chart.HorizontalBar',
  'Chart.HorizontalBar.Stacked',
  'Chart.Line',
  'Chart.VerticalBar',
  'Chart.VerticalBar.Grouped',
] as const;

for (const typeName of TEAMS_CHART_TYPES) {
  if (AC.GlobalRegistry.elements.findByName(typeName)) continue;
  const Chart = class extends AC.CardElement {
    getJsonTypeName(): string {
      return typeName;
    }
    internalRender(): undefined {
      return undefined;
    }
  };
  AC.GlobalRegistry.elements.register(typeName, Chart, AC.Versions.v1_5);
}

export interface CardCheck {
  problems: string[];
  /** The card as the parser understood it (unknown properties dropped). */
  roundTrip: unknown;
}

/** Parse like a host would, then validate: every parse event and validation failure is a problem. */
export function checkCard(json: unknown): CardCheck {
  const card = new AC.AdaptiveCard();
  const context = new AC.SerializationContext();
  card.parse(json, context);
  const problems: string[] = [];
  for (let i = 0; i < context.eventCount; i++) {
    const e = context.getEventAt(i);
    problems.push(`parse: ${AC.ValidationEvent[e.event]}: ${e.message}`);
  }
  const results = card.validateProperties();
  for (const e of results.validationEvents) problems.push(`validate: ${AC.ValidationEvent[e.event]}: ${e.message}`);
  return { problems, roundTrip: card.toJSON() };
}
