// The events of recently shown cases, in memory (keyed by partner and case): events are written once and never change, so a card only needs
// the ones this instance has not seen yet. Bounded by the number of cases kept, the least recently used first out.
import type { CaseEvent } from '../domain';

const MAX_CASES = 500;

export class EventCache {
  private readonly cases = new Map<string, CaseEvent[]>();

  /** The first `version` events of a case, if all of them are known. */
  get(key: string, version: number): CaseEvent[] | undefined {
    const known = this.cases.get(key);
    if (!known || known.length < version) return undefined;
    this.touch(key, known);
    return known.slice(0, version);
  }

  /** Every event known of a case, oldest first. */
  known(key: string): CaseEvent[] | undefined {
    return this.cases.get(key);
  }

  put(key: string, events: CaseEvent[]): void {
    this.touch(key, events);
  }

  /** Events a commit just wrote, numbered from `first`: kept only if they continue what is known. */
  append(key: string, first: number, events: readonly CaseEvent[]): void {
    const known = first === 1 ? [] : this.cases.get(key);
    if (!known || known.length !== first - 1) {
      this.cases.delete(key);
      return;
    }
    this.touch(key, [...known, ...events]);
  }

  private touch(key: string, events: CaseEvent[]): void {
    this.cases.delete(key);
    this.cases.set(key, events);
    if (this.cases.size > MAX_CASES) this.cases.delete(this.cases.keys().next().value!);
  }
}
