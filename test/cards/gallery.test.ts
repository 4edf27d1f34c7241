// Every template in cards/, expanded with the sample data beside it, is a card Teams accepts: the official
// Adaptive Cards parser reports no error and no warning, nothing is left unexpanded, buttons say which case
// they act on, and the card is within Teams' 80 KB. Covers templates added later (the digest) too.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { CARDS_DIR, expandCard, templateNames } from '../../src/teams/cards/render';
import { checkCard } from './support/adaptive';
import { expectCleanCard } from './support/checks';

const names = templateNames();

describe('card gallery', () => {
  it('finds the templates', () => {
    expect(names.length).toBeGreaterThanOrEqual(26);
  });

  describe.each(names)('%s', (name) => {
    const dataFile = path.join(CARDS_DIR, `${name}.data.json`);

    it('has sample data beside it', () => {
      expect(existsSync(dataFile)).toBe(true);
    });

    it('is an Adaptive Card 1.5 template', () => {
      const template = JSON.parse(readFileSync(path.join(CARDS_DIR, `${name}.json`), 'utf8'));
      expect(template.type).toBe('AdaptiveCard');
      expect(template.version).toBe('1.5');
    });

    it('expanded with its sample data, parses with no errors or warnings and fits in 80 KB', () => {
      const data = JSON.parse(readFileSync(dataFile, 'utf8'));
      expectCleanCard(expandCard(name, data));
    });
  });

  it('the checker itself catches bad cards', () => {
    const bad = {
      type: 'AdaptiveCard',
      version: '1.5',
      body: [{ type: 'Bogus' }, { type: 'Input.Text', id: 'a' }, { type: 'Input.Text', id: 'a' }, { type: 'TextBlock', text: 'x', colour: 'Good' }],
    };
    const { problems } = checkCard(bad);
    expect(problems.join('\n')).toMatch(/Unknown element type "Bogus"/);
    expect(problems.join('\n')).toMatch(/Duplicate Id "a"/);
  });
});
