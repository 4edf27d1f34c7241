// Finding a partner by what people type: its id, name or an alias, forgiving case, accents and spacing. The maps
// are built once per copy of the partner list, so a lookup costs the same with 10 partners or 10,000.

/** What a partner is found by. */
export interface NamedPartner {
  partnerId: string;
  name: string;
  aliases: readonly string[];
  archived: boolean;
}

/** "Contoso Ltd." -> "contoso-ltd": the id a new partner gets, and the form names are compared in. */
export function slugify(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
}

/** An id first, then a name, then an alias; among several, the first in the list. Archived partners are never found. */
export class PartnerFinder<P extends NamedPartner> {
  private readonly ids = new Map<string, P>();
  private readonly names = new Map<string, P>();
  private readonly aliases = new Map<string, P>();

  constructor(records: Iterable<P>) {
    for (const r of records) {
      if (r.archived) continue;
      firstOnly(this.ids, r.partnerId, r);
      firstOnly(this.names, slugify(r.name), r);
      for (const alias of r.aliases) firstOnly(this.aliases, slugify(alias), r);
    }
  }

  find(typed: string): P | undefined {
    const key = slugify(typed);
    if (!key) return undefined;
    return this.ids.get(key) ?? this.names.get(key) ?? this.aliases.get(key);
  }
}

function firstOnly<P>(map: Map<string, P>, key: string, value: P): void {
  if (!map.has(key)) map.set(key, value);
}
