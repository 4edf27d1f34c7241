// Finding a partner by what people type (src/domain/partnerFinder.ts): the lookup maps give the answer a walk
// through the whole list gives, with 10 partners or 10,000.
import fc from 'fast-check';
import type { NamedPartner } from '../../src/domain/partnerFinder';
import { PartnerFinder, slugify } from '../../src/domain/partnerFinder';

/** The rule as people read it: an id, else a name, else an alias; the first such partner in the list; never an archived one. */
function walk(records: readonly NamedPartner[], typed: string): NamedPartner | undefined {
  const key = slugify(typed);
  if (!key) return undefined;
  const live = records.filter((r) => !r.archived);
  return live.find((r) => r.partnerId === key) ?? live.find((r) => slugify(r.name) === key) ?? live.find((r) => r.aliases.some((a) => slugify(a) === key));
}

const partner = (partnerId: string, name: string, aliases: string[] = [], archived = false): NamedPartner => ({ partnerId, name, aliases, archived });

describe('PartnerFinder', () => {
  const contoso = partner('contoso', 'Contoso Ltd.', ['CTS', 'Contoso Group']);
  const fabrikam = partner('fabrikam', 'Fabrikam', ['contoso-ltd']);
  const old = partner('northwind', 'Northwind', ['NW'], true);
  const finder = new PartnerFinder([contoso, fabrikam, old]);

  it('finds by id, name or alias, forgiving case, accents and spacing', () => {
    expect(finder.find('contoso')).toBe(contoso);
    expect(finder.find('  CONTOSO   ltd ')).toBe(contoso);
    expect(finder.find('cts')).toBe(contoso);
    expect(finder.find('Fàbrikam')).toBe(fabrikam);
    expect(finder.find('Contoso Group')).toBe(contoso);
  });

  it('prefers a name to another partner\'s alias, and never finds an archived partner or nothing typed', () => {
    expect(finder.find('Contoso Ltd')).toBe(contoso);
    expect(finder.find('Northwind')).toBeUndefined();
    expect(finder.find('NW')).toBeUndefined();
    expect(finder.find(' - ')).toBeUndefined();
  });

  it('answers as a walk through the whole list does (property)', () => {
    const word = fc.constantFrom('contoso', 'Contoso', 'fabrikam', 'ltd', 'Ltd.', 'north wind', 'nörth', 'a', 'A-1', '', ' ');
    const text = fc.array(word, { minLength: 1, maxLength: 3 }).map((w) => w.join(' '));
    const record = fc.record({ partnerId: text.map(slugify), name: text, aliases: fc.array(text, { maxLength: 3 }), archived: fc.boolean() });
    fc.assert(
      fc.property(fc.array(record, { maxLength: 12 }), text, (records, typed) => {
        expect(new PartnerFinder(records).find(typed)).toBe(walk(records, typed));
      }),
      { numRuns: 2000 },
    );
  });
});
