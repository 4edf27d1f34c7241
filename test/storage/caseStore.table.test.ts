// The case store on real Azurite: round trips, replay equals state, one winner under contention, atomic commits.
import { TableClient } from '@azure/data-tables';
import type { CaseEvent, CaseState } from '../../src/domain';
import { DEFAULT_SETTINGS, DomainError, decide, nextDueAt, replay } from '../../src/domain';
import type { TableStorage } from '../../src/storage';
import { StorageLimitError } from '../../src/storage';
import { eventRow, partitionOf, stateRow } from '../../src/storage/caseRows';
import type { CaseCommit } from '../../src/storage/ports';
import { testConnectionString } from '../support/storage';
import * as transaction from '../../src/storage/wire';
import { act, at, commitFor, ctx, flag, maxEvidence, openStorage, someEvidence } from './fixtures';

let storage: TableStorage;
let raw: TableClient;

beforeAll(async () => {
  storage = await openStorage('cases');
  raw = TableClient.fromConnectionString(testConnectionString(), storage.tableNames.cases, { allowInsecureConnection: true });
});

async function rowKeys(partnerId: string, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  const filter = `PartitionKey eq '${partitionOf(partnerId)}' and RowKey ge '${prefix}' and RowKey lt '${prefix}~'`;
  for await (const row of raw.listEntities({ queryOptions: { filter, select: ['RowKey'] } })) keys.push(row.rowKey!);
  return keys;
}

function expectMovedOn(result: PromiseSettledResult<unknown>): void {
  expect(result.status).toBe('rejected');
  const reason = (result as PromiseRejectedResult).reason as unknown;
  expect(reason).toBeInstanceOf(DomainError);
  expect((reason as DomainError).code).toBe('CASE.MOVED_ON');
}

describe('commit() and get()', () => {
  it('round-trips a case with many flags and evidence at the limits, event by event', async () => {
    const partnerId = 'northwind';
    const committed: CaseEvent[] = [];
    let last: CaseState | undefined;
    // Twelve flags of ten maximal evidence items each, from two reporters: occurrences, merges and levels beyond 3.
    for (let i = 0; i < 12; i += 1) {
      const stored = await storage.cases.latest(partnerId);
      const reporter = i % 2 === 0 ? 'rita' : 'rob';
      const command = {
        type: 'flag',
        triggers: i % 3 === 0 ? ['misaligned-expectations', 'misaligned-values'] : ['poor-communication'],
        evidence: maxEvidence(10, `f${i}`),
        ...(i % 4 === 1 ? {} : { newOccurrence: true }),
      };
      const commit = commitFor(stored, command, ctx(partnerId, reporter, at(i, 1)));
      committed.push(...commit.events);
      last = (await storage.cases.commit(commit)).stored.state;
    }
    const stored = await storage.cases.get(partnerId, last!.caseId);
    expect(stored?.state).toEqual(last);
    expect(stored?.state.flags).toHaveLength(12);
    expect(stored?.etag).toMatch(/\S/);

    const events = await storage.cases.events(partnerId, last!.caseId);
    expect(events).toEqual(committed);
    const flags = events.filter((e): e is Extract<CaseEvent, { type: 'flag-raised' }> => e.type === 'flag-raised');
    expect(flags[0]!.evidence).toHaveLength(10);
    expect(flags[0]!.evidence[0]!.summary).toHaveLength(2000);
    expect(flags[0]!.evidence[0]!.link).toHaveLength(500);
    expect(replay(events)).toEqual(stored?.state);
  });

  it('splits a state larger than one property over several chunks and reads it back whole', async () => {
    const base = commitFor(undefined, flag(), ctx('bigco', 'rita', at(0)));
    const flags = Array.from({ length: 600 }, (_, i) => ({ ...base.state.flags[0]!, flagId: `bigco-0001-f${i + 1}`, at: at(0, i) }));
    const big: CaseState = { ...base.state, flags };
    expect(JSON.stringify(big).length).toBeGreaterThan(100_000);
    const result = await storage.cases.commit({ ...base, state: big });
    expect((await storage.cases.get('bigco', big.caseId))?.state).toEqual(big);
    expect((await storage.cases.latest('bigco'))?.state).toEqual(big);
    expect(result.stored.etag).toBe((await storage.cases.latest('bigco'))?.etag);
  });

  it('returns the ETag of the row it wrote, so the next commit can use it', async () => {
    const first = await act(storage, 'etagco', 'rita', at(0), flag());
    const second = (await storage.cases.commit(commitFor(first, { type: 'log-reset-attempt', agreed: 'Weekly sync', agreedOn: '2025-03-03' }, ctx('etagco', 'rita', at(0, 2))))).stored;
    expect(second.etag).not.toBe(first.etag);
    expect(second.state.phase).toBe('approval');
    expect((await storage.cases.latest('etagco'))?.etag).toBe(second.etag);
  });
});

describe('a case built by decide()', () => {
  it('is committed step by step, and replaying its events gives the stored state', async () => {
    const p = 'contoso';
    const steps: [string, string, unknown][] = [
      ['rita', at(0), { type: 'flag', triggers: ['misaligned-expectations'], evidence: maxEvidence(3) }],
      ['rob', at(0, 2), { type: 'flag', triggers: ['misaligned-expectations'], evidence: someEvidence('Same meeting, my notes') }],
      ['rita', at(1), { type: 'log-reset-attempt', agreed: 'Scope doc signed by both sides', agreedOn: '2025-03-04' }],
      ['maria', at(1, 3), { type: 'approve-reset' }],
      ['rob', at(8), { type: 'flag', triggers: ['resource-mismatch'], evidence: someEvidence('No senior engineer again') }],
      ['maria', at(9), { type: 'log-reset-attempt', agreed: 'Staffing plan', agreedOn: '2025-03-12' }],
      ['maria', at(9, 1), { type: 'continue' }],
      ['rita', at(15), { type: 'flag', triggers: ['profitability'], evidence: someEvidence('Margin negative'), newOccurrence: true }],
      ['maria', at(15, 1), { type: 'draft-risk', amount: 250000, currency: 'EUR', skus: ['AZ-104', 'M365-E5'] }],
      ['victor', at(16), { type: 'confirm-risk', amount: 250000, currency: 'EUR', skus: ['AZ-104', 'M365-E5'] }],
      ['victor', at(16, 1), { type: 'record-gm-meeting', on: '2025-03-19', link: 'https://teams.example/meet/1' }],
      ['victor', at(17), { type: 'record-sales-meeting', on: '2025-03-20' }],
      ['victor', at(18), { type: 'confirm-email-sent' }],
      [
        'victor',
        at(18, 2),
        {
          type: 'propose-decision',
          fixable: true,
          rationale: 'Fixable with a staffing change',
          reviewEndsOn: '2025-05-01',
          actions: [{ text: 'Name a senior engineer', ownerId: 'maria', dueOn: '2025-04-01' }],
        },
      ],
      ['gail', at(19), { type: 'approve-decision' }],
      ['victor', at(40), { type: 'answer-review', working: true }],
      ['rob', at(41), { type: 'flag', triggers: ['poor-communication'], evidence: someEvidence('Silence for two weeks') }],
    ];
    const all: CaseEvent[] = [];
    for (const [actor, now, command] of steps) {
      const stored = await storage.cases.latest(p);
      const commit = commitFor(stored, command, ctx(p, actor, now));
      const result = (await storage.cases.commit(commit)).stored;
      if (commit.state.caseId === 'contoso-0001') all.push(...commit.events);
      const events = await storage.cases.events(p, result.state.caseId);
      expect(replay(events)).toEqual((await storage.cases.get(p, result.state.caseId))?.state);
    }
    const first = await storage.cases.get(p, 'contoso-0001');
    expect(first?.state.status).toBe('closed');
    expect(first?.state.outcome).toBe('fixed');
    expect(await storage.cases.events(p, 'contoso-0001')).toEqual(all);
    expect(replay(all)).toEqual(first?.state);

    const latest = await storage.cases.latest(p);
    expect(latest?.state.caseId).toBe('contoso-0002');
    expect(latest?.state.previousCaseId).toBe('contoso-0001');
    expect(replay(await storage.cases.events(p, 'contoso-0002'))).toEqual(latest?.state);
  });
});

describe('concurrency', () => {
  it('20 commits on one case from the same read: exactly one wins, no event lost or duplicated', async () => {
    const p = 'fabrikam';
    await act(storage, p, 'rita', at(0), flag());
    const read = (await storage.cases.latest(p))!;
    const before = await storage.cases.events(p, read.state.caseId);
    const members = ['rita', 'maria', 'victor', 'gail', 'ada'];
    const commits = Array.from({ length: 20 }, (_, i) =>
      commitFor(read, { type: 'add-evidence', evidence: someEvidence(`attempt ${i}`) }, ctx(p, members[i % members.length]!, at(0, 1))),
    );
    const results = await Promise.allSettled(commits.map((c) => storage.cases.commit(c)));

    const winners = results.flatMap((r, i) => (r.status === 'fulfilled' ? [i] : []));
    expect(winners).toHaveLength(1);
    results.filter((r) => r.status === 'rejected').forEach(expectMovedOn);
    const winner = commits[winners[0]!]!;

    const after = await storage.cases.events(p, read.state.caseId);
    expect(after).toEqual([...before, ...winner.events]);
    const stored = await storage.cases.get(p, read.state.caseId);
    expect(stored?.state).toEqual(winner.state);
    expect(replay(after)).toEqual(stored?.state);
    // Only the winner's notices reached the outbox.
    expect((await storage.outbox.forCase(p, read.state.caseId)).length).toBe(
      commitFor(undefined, flag(), ctx(p, 'rita', at(0))).notices.length + winner.notices.length,
    );
  });

  it('two people opening a case at the same moment: one opens it, the other is told it moved on', async () => {
    const p = 'adatum';
    const a = commitFor(undefined, flag('From Rita'), ctx(p, 'rita', at(0)));
    const b = commitFor(undefined, flag('From Rob'), ctx(p, 'rob', at(0)));
    const results = await Promise.allSettled([storage.cases.commit(a), storage.cases.commit(b)]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expectMovedOn(results.find((r) => r.status === 'rejected')!);
    const winner = results[0]!.status === 'fulfilled' ? a : b;
    expect(await storage.cases.events(p, 'adatum-0001')).toEqual(winner.events);
    expect((await storage.cases.latest(p))?.state).toEqual(winner.state);
  });

  it('a writer that lands between our read and our transaction makes the transaction itself fail (412)', async () => {
    const p = 'relecloud';
    await act(storage, p, 'rita', at(0), flag());
    const read = (await storage.cases.latest(p))!;
    const before = await storage.cases.events(p, read.state.caseId);
    const ours = commitFor(read, { type: 'add-evidence', evidence: someEvidence('ours') }, ctx(p, 'rita', at(0, 1)));
    const theirs = commitFor(read, { type: 'add-evidence', evidence: someEvidence('theirs') }, ctx(p, 'maria', at(0, 1)));
    await storage.cases.commit(theirs);
    // No read before the transaction: the ETag we read guards the transaction itself.
    const submit = jest.spyOn(transaction, 'submitTransaction');
    const get = jest.spyOn(TableClient.prototype, 'getEntity');
    try {
      await expect(storage.cases.commit(ours)).rejects.toMatchObject({ code: 'CASE.MOVED_ON' });
      expect(submit).toHaveBeenCalledTimes(1);
      expect(get).not.toHaveBeenCalled();
      expect(await submit.mock.results[0]!.value.catch((e: { statusCode?: number }) => e.statusCode)).toBe(412);
    } finally {
      submit.mockRestore();
      get.mockRestore();
    }
    expect(await storage.cases.events(p, read.state.caseId)).toEqual([...before, ...theirs.events]);
    expect((await storage.cases.get(p, read.state.caseId))?.state).toEqual(theirs.state);
  });

  it('a stale ETag is rejected as CASE.MOVED_ON', async () => {
    const p = 'litware';
    const first = await act(storage, p, 'rita', at(0), flag());
    await act(storage, p, 'rita', at(0, 1), { type: 'log-reset-attempt', agreed: 'Sync', agreedOn: '2025-03-03' });
    const stale = commitFor(first, { type: 'add-evidence', evidence: someEvidence('late') }, ctx(p, 'rita', at(0, 2)));
    await expect(storage.cases.commit(stale)).rejects.toMatchObject({ code: 'CASE.MOVED_ON' });
  });
});

describe('atomicity', () => {
  it('a failed transaction leaves nothing behind: no events, no outbox rows, state unchanged', async () => {
    const p = 'tailspin';
    await act(storage, p, 'rita', at(0), flag());
    const read = (await storage.cases.latest(p))!;
    const stateBefore = await storage.cases.get(p, read.state.caseId);
    const commit = commitFor(read, { type: 'log-reset-attempt', agreed: 'Sync', agreedOn: '2025-03-03' }, ctx(p, 'rita', at(0, 1)));
    expect(commit.events.length).toBeGreaterThanOrEqual(2);
    expect(commit.notices.length).toBeGreaterThan(0);
    const eventsBefore = await rowKeys(p, `c|${read.state.caseId}|e|`);
    const outboxBefore = await rowKeys(p, `o|${read.state.caseId}|`);

    // Someone else's row sits where the commit's last event goes: the state update and first event succeed
    // inside the batch, the last create fails, and the whole transaction must roll back.
    const lastVersion = commit.state.version;
    const squatter = eventRow(p, read.state.caseId, lastVersion, { type: 'email-confirmed', at: at(0, 1), actor: 'intruder' });
    await raw.createEntity(squatter);

    await expect(storage.cases.commit(commit)).rejects.toMatchObject({ code: 'CASE.MOVED_ON' });
    expect(await storage.cases.get(p, read.state.caseId)).toEqual(stateBefore);
    expect(await storage.cases.latest(p)).toEqual(read);
    expect(await rowKeys(p, `c|${read.state.caseId}|e|`)).toEqual([...eventsBefore, squatter.rowKey].sort());
    expect(await rowKeys(p, `o|${read.state.caseId}|`)).toEqual(outboxBefore);

    await raw.deleteEntity(squatter.partitionKey, squatter.rowKey);
    await storage.cases.commit(commit);
    expect(replay(await storage.cases.events(p, read.state.caseId))).toEqual(commit.state);
  });

  it('refuses a commit that needs more than 100 operations, before writing anything', async () => {
    const p = 'proseware';
    const commit = commitFor(undefined, flag(), ctx(p, 'rita', at(0)));
    const notices = Array.from({ length: 100 }, (_, i) => ({ ...commit.notices[0]!, detail: `n${i}` }));
    await expect(storage.cases.commit({ ...commit, notices })).rejects.toBeInstanceOf(StorageLimitError);
    expect(await storage.cases.latest(p)).toBeUndefined();
    expect(await rowKeys(p, '')).toEqual([]);
  });

  it('refuses a commit whose events do not lead to its state version', async () => {
    const commit = commitFor(undefined, flag(), ctx('oddco', 'rita', at(0)));
    const broken: CaseCommit = { ...commit, events: commit.events.slice(1) };
    await expect(storage.cases.commit(broken)).rejects.toThrow(/cannot lead to version/);
  });
});

describe('partners', () => {
  it("two partners' histories never mix", async () => {
    const a = 'alpine';
    const b = 'alpine-ski';
    for (let i = 0; i < 3; i += 1) {
      await act(storage, a, 'rita', at(i * 2), flag(`alpine ${i}`, { newOccurrence: true }));
      await act(storage, b, 'rob', at(i * 2, 1), flag(`alpine-ski ${i}`, { newOccurrence: true }));
    }
    const ea = await storage.cases.events(a, 'alpine-0001');
    const eb = await storage.cases.events(b, 'alpine-ski-0001');
    expect(ea.every((e) => e.actor === 'rita')).toBe(true);
    expect(eb.every((e) => e.actor === 'rob')).toBe(true);
    expect(replay(ea)?.partnerId).toBe(a);
    expect(replay(eb)?.partnerId).toBe(b);
    expect(await storage.cases.events(a, 'alpine-ski-0001')).toEqual([]);
    expect((await storage.cases.latest(a))?.state.level).toBe(3);
    expect((await storage.outbox.forCase(a, 'alpine-0001')).every((o) => o.partnerId === a && o.notice.partnerId === a)).toBe(true);
  });

  it('latest() is the highest case number; latestCases() has one case per partner', async () => {
    const p = 'wingtip';
    await act(storage, p, 'rita', at(0), flag());
    await act(storage, p, 'rita', at(0, 1), { type: 'withdraw-flag', flagId: 'wingtip-0001-f1' });
    expect((await storage.cases.latest(p))?.state.status).toBe('closed');
    await act(storage, p, 'rob', at(1), flag());
    const latest = await storage.cases.latest(p);
    expect(latest?.state.caseId).toBe('wingtip-0002');

    const all = await storage.cases.latestCases();
    expect(all.filter((s) => s.partnerId === p).map((s) => s.caseId)).toEqual(['wingtip-0002']);
    expect(new Set(all.map((s) => s.partnerId)).size).toBe(all.length);
    expect(await storage.cases.latest('nobody')).toBeUndefined();
    expect(await storage.cases.get(p, 'wingtip-0099')).toBeUndefined();
  });

  it('writes the state once per commit: an open case is its latest-case row; a closed one keeps its own row for when a later case opens', async () => {
    const p = 'woodgrove';
    await act(storage, p, 'rita', at(0), flag());
    await act(storage, p, 'rob', at(0, 1), flag('Again'));
    expect(await rowKeys(p, 'c|')).not.toContain('c|woodgrove-0001|state');
    expect((await storage.cases.get(p, 'woodgrove-0001'))?.state.flags).toHaveLength(2);

    await act(storage, p, 'rob', at(0, 2), { type: 'withdraw-flag', flagId: 'woodgrove-0001-f2' });
    await act(storage, p, 'rita', at(0, 3), { type: 'withdraw-flag', flagId: 'woodgrove-0001-f1' });
    const closed = (await storage.cases.latest(p))!.state;
    expect(closed.status).toBe('closed');
    await act(storage, p, 'rob', at(1), flag());
    expect((await storage.cases.latest(p))?.state.caseId).toBe('woodgrove-0002');
    // The earlier case, read by its id, is as it closed; the open one is its partner's latest.
    expect((await storage.cases.get(p, 'woodgrove-0001'))?.state).toEqual(closed);
    expect((await storage.cases.get(p, 'woodgrove-0002'))?.state.status).toBe('open');
  });

  it('reads an open case from its latest-case row, not a state row an earlier version left behind', async () => {
    const p = 'margie';
    await act(storage, p, 'rita', at(0), flag());
    const first = (await storage.cases.latest(p))!.state;
    // What an earlier version wrote beside the latest-case row on every commit: here, already out of date.
    await raw.upsertEntity({ ...stateRow({ ...first, version: 0, flags: [] }, undefined) }, 'Replace');
    await act(storage, p, 'rob', at(0, 1), flag('Again', { newOccurrence: true }));
    expect((await storage.cases.get(p, first.caseId))?.state.flags).toHaveLength(2);
  });

  it('keeps partner ids with characters keys may not hold apart', async () => {
    const odd = 'a/b#c?d\\e';
    const decision = decide(undefined, flag(), ctx(odd, 'rita', at(0)));
    if (!decision.ok) throw new Error(decision.rejection.message);
    await storage.cases.commit({
      partnerId: odd,
      caseId: decision.state.caseId,
      read: undefined,
      events: decision.events,
      state: decision.state,
      notices: decision.notices,
      nextDueAt: nextDueAt(decision.state, DEFAULT_SETTINGS),
    });
    expect((await storage.cases.latest(odd))?.state).toEqual(decision.state);
  });
});
