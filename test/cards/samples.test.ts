// The sample data beside each template is what the view builders produce for a realistic case, so the
// gallery shows real cards. UPDATE_CARD_SAMPLES=1 rewrites the files after a builder or fixture changes.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CARDS_DIR, templateNames } from '../../src/teams/cards/render';
import { SAMPLES } from './support/samples';

const update = process.env.UPDATE_CARD_SAMPLES === '1';

describe('card sample data', () => {
  it.each(templateNames().filter((n) => SAMPLES[n]))('cards/%s.data.json is what the view builders produce', (name) => {
    const file = path.join(CARDS_DIR, `${name}.data.json`);
    const built = JSON.parse(JSON.stringify(SAMPLES[name]!()));
    if (update) writeFileSync(file, JSON.stringify(built, null, 2) + '\n');
    expect(existsSync(file)).toBe(true);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(built);
  });

  it('every card built here has a sample', () => {
    // Cards added by others (the digest) bring their own sample data; the gallery test checks that it exists.
    const missing = Object.keys(SAMPLES).filter((n) => !templateNames().includes(n));
    expect(missing).toEqual([]);
  });
});
