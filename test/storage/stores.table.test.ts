// Partners, pending flags, the directory and conversation references on real Azurite.
import { DomainError } from '../../src/domain';
import type { TableStorage } from '../../src/storage';
import type { ConversationReferenceJson, PartnerRecord, PendingFlag } from '../../src/storage/ports';
import { createTableStorage } from '../../src/storage';
import { testConnectionString, uniqueTablePrefix } from '../support/storage';
import { at, openStorage } from './fixtures';

let storage: TableStorage;

beforeAll(async () => {
  storage = await openStorage('stores');
});

describe('partners', () => {
  const contoso: PartnerRecord = {
    partnerId: 'contoso',
    name: 'Contoso Ltd',
    aliases: ['Contoso', 'CTS'],
    salesDirectors: ['sid'],
    archived: false,
    createdAt: at(0),
    createdBy: 'ada',
  };

  it('round-trips a partner record', async () => {
    await storage.partners.create(contoso);
    expect(await storage.partners.get('contoso')).toEqual(contoso);
    expect(await storage.partners.get('nobody')).toBeUndefined();
  });

  it('refuses a second partner under a taken id', async () => {
    await expect(storage.partners.create({ ...contoso, name: 'Other' })).rejects.toMatchObject({ code: 'INPUT.INVALID' });
    expect((await storage.partners.get('contoso'))?.name).toBe('Contoso Ltd');
  });

  it('updates a partner and lists them all', async () => {
    const renamed = { ...contoso, name: 'Contoso Group', aliases: [], salesDirectors: ['sid', 'sue'], archived: true };
    await storage.partners.update(renamed);
    await storage.partners.create({ ...contoso, partnerId: 'fabrikam', name: 'Fabrikam' });
    expect(await storage.partners.get('contoso')).toEqual(renamed);
    expect((await storage.partners.list()).map((p) => p.partnerId).sort()).toEqual(['contoso', 'fabrikam']);
    await expect(storage.partners.update({ ...contoso, partnerId: 'ghost' })).rejects.toMatchObject({ code: 'INPUT.INVALID' });
  });

  it('finds a partner by a new name at once on the instance that renamed it, and on another after its change check', async () => {
    const tablePrefix = uniqueTablePrefix('finder');
    const open = () => createTableStorage({ connectionString: testConnectionString(), tablePrefix, retryOptions: { maxRetries: 0 } });
    const [a, b] = [await open(), await open()];
    await a.partners.create({ ...contoso, partnerId: 'woodgrove', name: 'Woodgrove Bank', aliases: [] });
    await b.refresh();
    expect(b.partners.knownFinder()).toBeUndefined(); // nothing read yet: nothing to read ahead with
    expect((await b.partners.finder()).find('woodgrove bank')?.partnerId).toBe('woodgrove');

    await a.partners.update({ ...contoso, partnerId: 'woodgrove', name: 'Woodgrove Group', aliases: ['WGB'] });
    expect((await a.partners.finder()).find('WGB')?.partnerId).toBe('woodgrove');
    // Instance b still holds its copy (read ahead with it, never answered from it) until its change check.
    expect(b.partners.knownFinder()?.find('WGB')).toBeUndefined();
    await b.refresh();
    expect((await b.partners.finder()).find('Woodgrove Group')?.partnerId).toBe('woodgrove');
    expect((await b.partners.finder()).find('Woodgrove Bank')).toBeUndefined();
  });
});

describe('pending flags', () => {
  const pending: PendingFlag = {
    requestId: 'req-1',
    partnerName: 'Woodgrove Bank',
    requestedBy: 'rita',
    requestedAt: at(0),
    conversationId: 'a:1Xyz@thread.skype;messageid=42',
    command: { type: 'flag', triggers: ['poor-communication'], evidence: [{ kind: 'email', summary: 'No answer for 3 weeks' }] },
    status: 'pending',
  };

  it('round-trips a pending flag, and adding it twice is a no-op', async () => {
    await storage.pendingFlags.add(pending);
    await storage.pendingFlags.add(pending);
    await storage.pendingFlags.add({ ...pending, requestId: 'req-2', requestedAt: at(1), command: undefined });
    expect(await storage.pendingFlags.pending()).toEqual([pending, { ...pending, requestId: 'req-2', requestedAt: at(1), command: undefined }]);
    await expect(storage.pendingFlags.add({ ...pending, partnerName: 'Other' })).rejects.toMatchObject({ code: 'INPUT.INVALID' });
  });

  it('resolves a flag once; the pending list no longer holds it', async () => {
    await storage.pendingFlags.resolve('req-1', 'recorded', 'woodgrove');
    await storage.pendingFlags.resolve('req-1', 'recorded', 'woodgrove');
    expect((await storage.pendingFlags.pending()).map((f) => f.requestId)).toEqual(['req-2']);
    await expect(storage.pendingFlags.resolve('req-1', 'dismissed')).rejects.toMatchObject({ code: 'CASE.MOVED_ON' });
    await expect(storage.pendingFlags.resolve('req-404', 'dismissed')).rejects.toBeInstanceOf(DomainError);
  });

  it('lives in its own partition: partners never list it', async () => {
    expect((await storage.partners.list()).every((p) => p.partnerId !== 'req-1')).toBe(true);
  });
});

describe('directory', () => {
  it('round-trips a person and keeps manager and roles when the person is merged again', async () => {
    const rita = await storage.directory.upsertPerson({ userId: 'rita', name: 'Rita', email: 'rita@contoso.example', teamsId: '29:1AbC-xyz', tenantId: 't-1' });
    expect(rita).toEqual({ userId: 'rita', name: 'Rita', email: 'rita@contoso.example', teamsId: '29:1AbC-xyz', tenantId: 't-1', roles: [] });
    await storage.directory.setManager('rita', 'maria');
    await storage.directory.setRoles('rita', ['admin', 'admin']);
    const merged = await storage.directory.upsertPerson({ userId: 'rita', name: 'Rita R.' });
    expect(merged).toEqual({ ...rita, name: 'Rita R.', managerId: 'maria', roles: ['admin'] });
    expect(await storage.directory.get('rita')).toEqual(merged);
    await storage.directory.setManager('rita', undefined);
    expect((await storage.directory.get('rita'))?.managerId).toBeUndefined();
  });

  it('gives the engine a snapshot: user -> manager, user -> roles', async () => {
    await storage.directory.setManager('maria', 'victor');
    await storage.directory.setRoles('victor', ['vp']);
    await storage.directory.upsertPerson({ userId: 'victor', name: 'Victor', roles: ['vp', 'admin'], managerId: 'gail' });
    const snapshot = await storage.directory.snapshot();
    expect(snapshot.entries.maria).toEqual({ userId: 'maria', managerId: 'victor', roles: [] });
    expect(snapshot.entries.victor).toEqual({ userId: 'victor', name: 'Victor', managerId: 'gail', roles: ['vp', 'admin'] });
    expect(Object.keys(snapshot.entries).sort()).toEqual(['maria', 'rita', 'victor']);
    expect((await storage.directory.list()).length).toBe(3);
  });

  it('concurrent role changes on one person all land as whole writes (ETag retry), none half-applied', async () => {
    await Promise.all(['vp', 'gm', 'sales-director', 'admin'].map((r) => storage.directory.setRoles('sam', [r as 'vp'])));
    const sam = await storage.directory.get('sam');
    expect(sam?.roles).toHaveLength(1);
  });
});

describe('conversation references', () => {
  const userId = '8f2e-aad-object-id';
  const ref: ConversationReferenceJson = {
    activityId: 'f:1234',
    user: { id: '29:1Ab-Cd_Ef/gh?i#j', aadObjectId: userId, name: 'Rita' },
    bot: { id: '28:bot-app-id', name: 'partner-fit' },
    conversation: { id: 'a:1XyZ-09_abc@unq.gbl.spaces', conversationType: 'personal', tenantId: 'tenant-1' },
    channelId: 'msteams',
    serviceUrl: 'https://smba.trafficmanager.net/emea/',
  };
  const channelId = '19:abcDEF123@thread.tacv2;messageid=1712345678901';

  it('round-trips Teams-style ids with : @ ; / ? #, writing only when new or changed', async () => {
    expect(await storage.conversations.savePersonal(userId, ref)).toBe(true);
    expect(await storage.conversations.savePersonal(userId, { ...ref })).toBe(false);
    expect(await storage.conversations.personal(userId)).toEqual(ref);
    const moved = { ...ref, serviceUrl: 'https://smba.trafficmanager.net/amer/' };
    expect(await storage.conversations.savePersonal(userId, moved)).toBe(true);
    expect(await storage.conversations.personal(userId)).toEqual(moved);

    const channelRef = { ...ref, conversation: { id: channelId, conversationType: 'channel', tenantId: 'tenant-2' } };
    expect(await storage.conversations.saveConversation(channelId, channelRef)).toBe(true);
    expect(await storage.conversations.conversation(channelId)).toEqual(channelRef);
    expect(await storage.conversations.conversation('19:other@thread.tacv2')).toBeUndefined();
    expect(await storage.conversations.personal('29:1Ab-Cd_Ef/gh?i#j')).toBeUndefined();
  });

  it('concurrent saves of the same reference write once', async () => {
    const id = '29:concurrent';
    const results = await Promise.all(Array.from({ length: 5 }, () => storage.conversations.savePersonal(id, ref)));
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it('finds any reference of a tenant', async () => {
    expect(await storage.conversations.anyInTenant('tenant-2')).toMatchObject({ conversation: { id: channelId } });
    expect(await storage.conversations.anyInTenant('tenant-1')).toMatchObject({ conversation: { tenantId: 'tenant-1' } });
    expect(await storage.conversations.anyInTenant('tenant-9')).toBeUndefined();
  });

  it('remembers every card posted about a case, to update them all in place', async () => {
    expect(await storage.conversations.caseCards('contoso-0001')).toEqual([]);
    await storage.conversations.addCaseCard('contoso-0001', channelId, '1712345678901');
    await storage.conversations.addCaseCard('contoso-0001', channelId, '1712345678901');
    expect(await storage.conversations.caseCards('contoso-0001')).toEqual([{ conversationId: channelId, activityId: '1712345678901' }]);
    // A later flag's card in another thread joins it: every card is refreshed, not only the first.
    await storage.conversations.addCaseCard('contoso-0001', `${channelId};messageid=1712345679999`, '1712345679999');
    expect(await storage.conversations.caseCards('contoso-0001')).toEqual([
      { conversationId: channelId, activityId: '1712345678901' },
      { conversationId: `${channelId};messageid=1712345679999`, activityId: '1712345679999' },
    ]);
  });
});
