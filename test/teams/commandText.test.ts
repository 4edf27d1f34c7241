// What people type reaches the right command, however they type it.
import { chatRoutes } from '../../src/teams/app';
import { parseText, splitPartnerAndTriggers } from '../../src/teams/commandText';
import { CHAT_COMMANDS, commandPattern } from '../../src/teams/verbs';

const routes = chatRoutes({ setScope: async () => undefined, subscribe: async () => true, unsubscribe: async () => true, preview: async () => ({ type: 'AdaptiveCard', version: '1.5' }), nextMoment: () => undefined, timeZone: 'UTC' });

/** The first route whose pattern matches, as teams-ai picks it. */
function routeFor(text: string): string | undefined {
  return routes.find((r) => r.pattern.test(text))?.name;
}

describe('routes', () => {
  it.each(CHAT_COMMANDS.map((c) => [c.name, c.example]))('"%s" is answered by its own handler (example: %s)', (name, example) => {
    expect(routeFor(example)).toBe(name);
  });

  it('has exactly one route per command of the catalog, each with a handler, plus the greeting', () => {
    expect(routes.map((r) => r.name)).toEqual(['hello', ...CHAT_COMMANDS.map((c) => c.name)]);
    expect(routes.every((r) => typeof r.handle === 'function')).toBe(true);
    expect(routeFor('hi')).toBe('hello');
  });

  it('accepts a leading slash, any case and extra spaces', () => {
    expect(routeFor('/Flag Contoso')).toBe('flag');
    expect(routeFor('  ORG   manager @1 @2')).toBe('org manager');
    expect(routeFor('Partners')).toBe('partners');
  });

  it('does not take a word that merely starts like a command', () => {
    expect(routeFor('flagged it yesterday')).toBeUndefined();
    expect(routeFor('partnership status')).toBeUndefined();
    expect(commandPattern('partner add').test('partner adder x')).toBe(false);
  });
});

describe('parseText', () => {
  it('turns mentions into numbered placeholders with their Teams ids', () => {
    const p = parseText('org manager <at>Ivy Chen</at> <at>Manny</at>', [
      { type: 'mention', mentioned: { id: '29:ivy', name: 'Ivy Chen' }, text: '<at>Ivy Chen</at>' },
      { type: 'mention', mentioned: { id: '29:manny', name: 'Manny' }, text: '<at>Manny</at>' },
    ]);
    expect(p.words).toEqual(['org', 'manager']);
    expect(p.args).toEqual(['@1', '@2']);
    expect(p.mentions).toEqual([
      { teamsId: '29:ivy', name: 'Ivy Chen' },
      { teamsId: '29:manny', name: 'Manny' },
    ]);
  });

  it('reads Teams HTML and entities as plain text, and quoted names as one word', () => {
    const p = parseText('<p>flag&nbsp;"Fabrikam Inc" comms</p>');
    expect(p.args).toEqual(['Fabrikam Inc', 'comms']);
  });

  it('reads at most the first few thousand characters of a huge paste', () => {
    const p = parseText(`flag Contoso ${'x '.repeat(50_000)}`);
    expect(p.args.join(' ').length).toBeLessThan(5000);
  });
});

describe('splitPartnerAndTriggers', () => {
  it('reads triggers from the end and the partner name before them', () => {
    expect(splitPartnerAndTriggers(['Fabrikam', 'Inc', 'expectations', 'ethics'])).toEqual({ partner: 'Fabrikam Inc', triggers: ['misaligned-expectations', 'misaligned-values'] });
  });

  it('reads two-word triggers as people write them', () => {
    expect(splitPartnerAndTriggers(['Contoso', 'poor', 'communication'])).toEqual({ partner: 'Contoso', triggers: ['poor-communication'] });
    expect(splitPartnerAndTriggers(['Fabrikam', 'Inc', 'resource', 'mismatch', 'misaligned', 'values'])).toEqual({ partner: 'Fabrikam Inc', triggers: ['resource-mismatch', 'misaligned-values'] });
  });

  it('never eats the whole name: a partner called "Profit" stays a partner', () => {
    expect(splitPartnerAndTriggers(['Profit'])).toEqual({ partner: 'Profit', triggers: [] });
  });
});
