// Finding partners by what people type: id, name or alias, forgiving case and spacing; suggestions by edit distance.
import { distance } from 'fastest-levenshtein';
import type { PartnerRecord } from '../storage/ports';

export function slugify(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
}

function norm(s: string): string {
  return slugify(s);
}

export function findPartner(records: readonly PartnerRecord[], typed: string): PartnerRecord | undefined {
  const key = norm(typed);
  if (!key) return undefined;
  const live = records.filter((r) => !r.archived);
  return (
    live.find((r) => r.partnerId === key) ??
    live.find((r) => norm(r.name) === key) ??
    live.find((r) => r.aliases.some((a) => norm(a) === key))
  );
}

/** Up to `n` partner names nearest to what was typed (prefix and substring matches first). */
export function closestPartners(records: readonly PartnerRecord[], typed: string, n = 3): PartnerRecord[] {
  const key = norm(typed);
  const scored = records
    .filter((r) => !r.archived)
    .map((r) => {
      const names = [r.name, ...r.aliases].map(norm);
      const score = Math.min(
        ...names.map((name) => (name.startsWith(key) || key.startsWith(name) ? 0 : name.includes(key) ? 1 : 2 + distance(name, key) / Math.max(name.length, key.length, 1))),
      );
      return { r, score };
    })
    .filter((x) => x.score < 2.6)
    .sort((a, b) => a.score - b.score || a.r.name.localeCompare(b.r.name));
  return scored.slice(0, n).map((x) => x.r);
}
