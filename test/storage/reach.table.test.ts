// Reaching people, on real Azurite (README "Reaching people", "What is waiting on me"): reachability on the person's
// row, email-only import rows claimed by their person, held pings per person, the teams whose rosters open 1:1
// chats, and the per-person index of what waits on whom, kept by commits and repaired after a crash.
import { TableClient } from '@azure/data-tables';
import type { TableStorage } from '../../src/storage';
import { reachOf } from '../../src/storage/ports';
import { testConnectionString } from '../support/storage';
import { act, at, openStorage, someEvidence } from './fixtures';

let storage: TableStorage;

beforeAll(async () => {
  storage = await openStorage('reach');
  await storage.partners.create({ partnerId: 'contoso', name: 'Contoso', aliases: [], salesDirectors: ['sid'], archived: false, createdAt: at(0), createdBy: 'ada' });
});

describe('reachability is a state on the person', () => {
  it('someone with a Teams id is reachable; held pings make them not-yet or blocked; a delivered one clears it', async () => {
    await storage.directory.upsertPerson({ userId: 'nell', name: 'Nell' });
    expect(reachOf(await storage.directory.get('nell'))).toBe('not-yet');
    await storage.directory.upsertPerson({ userId: 'nell', teamsId: '29:nell', tenantId: 't1' });
    expect(reachOf(await storage.directory.get('nell'))).toBe('reachable');
    await storage.directory.setReach('nell', 'blocked');
    expect(await storage.directory.get('nell')).toMatchObject({ reach: 'blocked', name: 'Nell', teamsId: '29:nell' });
    await storage.directory.setReach('nell', 'reachable');
    expect((await storage.directory.get('nell'))?.reach).toBeUndefined();
    // Only people the directory has: a stranger's failed ping records nothing.
    await storage.directory.setReach('stranger', 'not-yet');
    expect(await storage.directory.get('stranger')).toBeUndefined();
  });

  it('reads the mark an earlier version wrote ("unreachable") as not-yet', async () => {
    const table = TableClient.fromConnectionString(testConnectionString(), storage.tableNames.directory, { allowInsecureConnection: true });
    await storage.directory.upsertPerson({ userId: 'olga', name: 'Olga', teamsId: '29:olga' });
    await table.updateEntity({ partitionKey: 'u|olga', rowKey: 'person', reach: 'unreachable' }, 'Merge');
    const fresh = await openStorageSharing(storage);
    expect(reachOf(await fresh.directory.get('olga'))).toBe('not-yet');
  });
});

describe('email-only import rows', () => {
  it('wait under the address, then become the person’s on their first contact: roles, name, manager by email', async () => {
    await storage.directory.upsertPerson({ userId: 'mia', name: 'Mia Manager', email: 'Mia@Contoso.example' });
    await storage.directory.holdByEmail({ email: 'Gus@Contoso.example', name: 'Gus', roles: ['gm'], manager: 'mia@contoso.example', tenantId: 't1' });
    expect(await storage.directory.byEmail('gus@contoso.example')).toBeUndefined();
    // Teams tells the address with different case; the row is found all the same.
    const gus = await storage.directory.claimEmail('gus-aad', ['gus@contoso.EXAMPLE']);
    expect(gus).toMatchObject({ userId: 'gus-aad', name: 'Gus', email: 'gus@contoso.example', roles: ['gm'], managerId: 'mia', tenantId: 't1' });
    expect((await storage.directory.byEmail('GUS@contoso.example'))?.userId).toBe('gus-aad');
    expect(await storage.directory.withRole('gm')).toContain('gus-aad');
    // Claimed once: the next contact finds nothing held.
    expect(await storage.directory.claimEmail('gus-aad', ['gus@contoso.example'])).toBeUndefined();
  });

  it('a manager named by an address nobody has yet is a missing link until someone has it', async () => {
    await storage.directory.upsertPerson({ userId: 'rex', name: 'Rex' });
    await storage.directory.setManager('rex', 'boss@contoso.example');
    expect((await storage.directory.get('rex'))?.managerId).toBeUndefined();
    await storage.directory.upsertPerson({ userId: 'boss-aad', email: 'boss@contoso.example' });
    // At once on this instance, and on another one.
    expect((await storage.directory.get('rex'))?.managerId).toBe('boss-aad');
    const fresh = await openStorageSharing(storage);
    expect((await fresh.directory.get('rex'))?.managerId).toBe('boss-aad');
  });
});

describe('held pings', () => {
  it('are kept per person, listed for the daily summary, and released once delivered', async () => {
    await storage.reach.hold({ userId: 'nell', partnerId: 'contoso', caseId: 'contoso-0001', outboxId: 'o|1', heldAt: at(0) });
    await storage.reach.hold({ userId: 'nell', partnerId: 'contoso', caseId: 'contoso-0001', outboxId: 'o|2', heldAt: at(1) });
    await storage.reach.hold({ userId: 'vera', partnerId: 'contoso', caseId: 'contoso-0001', outboxId: 'o|3', heldAt: at(2) });
    expect((await storage.reach.held('nell')).map((h) => h.outboxId)).toEqual(['o|1', 'o|2']);
    expect(await storage.reach.unreached()).toEqual([
      { userId: 'nell', since: at(0) },
      { userId: 'vera', since: at(2) },
    ]);
    await storage.reach.release('nell', await storage.reach.held('nell'));
    expect(await storage.reach.held('nell')).toEqual([]);
    expect((await storage.reach.unreached()).map((u) => u.userId)).toEqual(['vera']);
  });

  it('claims each admin’s summary once a day, whichever instance asks', async () => {
    const claims = await Promise.all([storage.reach.claimSummary('ada', '2025-03-03'), storage.reach.claimSummary('ada', '2025-03-03')]);
    expect(claims.sort()).toEqual([false, true]);
    expect(await storage.reach.claimSummary('ada', '2025-03-04')).toBe(true);
  });
});

describe('teams the bot is in', () => {
  it('are remembered per tenant, most recent first, written once', async () => {
    await storage.conversations.saveTeam('t1', '19:a@thread.tacv2', { conversation: { id: '19:a@thread.tacv2' } });
    await storage.conversations.saveTeam('t1', '19:b@thread.tacv2', { conversation: { id: '19:b@thread.tacv2' } });
    await storage.conversations.saveTeam('t1', '19:a@thread.tacv2', { conversation: { id: '19:a@thread.tacv2' } });
    expect((await storage.conversations.teamsIn('t1')).map((r) => (r.conversation as { id: string }).id)).toEqual(['19:b@thread.tacv2', '19:a@thread.tacv2']);
    expect(await storage.conversations.teamsIn('t2')).toEqual([]);
  });
});

describe('what waits on each person', () => {
  it('follows the case: the reporter while the step is theirs, then the manager; the reporter keeps the case they flagged', async () => {
    await act(storage, 'contoso', 'rita', at(0), { type: 'flag', triggers: ['misaligned-expectations'], evidence: someEvidence('Two-day turnaround expected') });
    expect(await storage.work.forPerson('rita')).toEqual([{ userId: 'rita', partnerId: 'contoso', caseId: 'contoso-0001', kinds: ['waiting', 'reported'] }]);
    expect(await storage.work.forPerson('maria')).toEqual([]);
    await act(storage, 'contoso', 'rita', at(1), { type: 'log-reset-attempt', agreed: 'Weekly sync', agreedOn: '2025-03-04' });
    expect(await storage.work.forPerson('rita')).toEqual([{ userId: 'rita', partnerId: 'contoso', caseId: 'contoso-0001', kinds: ['reported'] }]);
    expect(await storage.work.forPerson('maria')).toEqual([{ userId: 'maria', partnerId: 'contoso', caseId: 'contoso-0001', kinds: ['waiting'] }]);
    await act(storage, 'contoso', 'maria', at(2), { type: 'approve-reset' });
    expect(await storage.work.forPerson('maria')).toEqual([]);
  });

  it('rows lost between a commit and its index writes are written again by the start-up sweep', async () => {
    const table = TableClient.fromConnectionString(testConnectionString(), storage.tableNames.work, { allowInsecureConnection: true });
    for await (const row of table.listEntities()) await table.deleteEntity(row.partitionKey!, row.rowKey!);
    expect(await storage.work.forPerson('rita')).toEqual([]);
    expect(await storage.work.repair()).toBe(1);
    expect(await storage.work.forPerson('rita')).toEqual([{ userId: 'rita', partnerId: 'contoso', caseId: 'contoso-0001', kinds: ['reported'] }]);
    expect(await storage.work.repair()).toBe(0);
  });
});

/** Another instance on the same tables (nothing cached). */
function openStorageSharing(s: TableStorage): Promise<TableStorage> {
  const prefix = s.tableNames.meta.slice(0, -'meta'.length);
  return import('../../src/storage').then(({ createTableStorage }) => createTableStorage({ connectionString: testConnectionString(), tablePrefix: prefix, retryOptions: { maxRetries: 0 } }));
}
