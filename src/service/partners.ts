// Finding partners by what people type: id, name or alias, forgiving case and spacing; suggestions by edit distance.
import { distance } from 'fastest-levenshtein';
import { PartnerFinder, slugify } from '../domain/partnerFinder';
import type { PartnerRecord } from '../storage/ports';

export { slugify };

/** The partner `typed` names in `records` (PartnerFinder's rules); a store's own finder serves the whole list. */
export function findPartner(records: readonly PartnerRecord[], typed: string): PartnerRecord | undefined {
  return new PartnerFinder(records).find(typed);
}

/** Up to `n` partner names nearest to what was typed (prefix and substring matches first). */
export function closestPartners(records: readonly PartnerRecord[], typed: string, n = 3): PartnerRecord[] {
  const key = slugify(typed);
  const scored = records
    .filter((r) => !r.archived)
    .map((r) => {
      const names = [r.name, ...r.aliases].map(slugify);
      const score = Math.min(
        ...names.map((name) => (name.startsWith(key) || key.startsWith(name) ? 0 : name.includes(key) ? 1 : 2 + distance(name, key) / Math.max(name.length, key.length, 1))),
      );
      return { r, score };
    })
    .filter((x) => x.score < 2.6)
    .sort((a, b) => a.score - b.score || a.r.name.localeCompare(b.r.name));
  return scored.slice(0, n).map((x) => x.r);
}
