// org import / partner import: a CSV or JSON file sent in the admin's 1:1 chat, as Teams delivers files.
import type { Harness } from './harness';
import { startHarness } from './harness';

describe('imports in the 1:1 chat', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => h?.stop());

  const lastText = async (aad: string) => {
    await h.channel.waitFor(() => h.channel.personalMessages(aad).length > 0);
    const messages = h.channel.personalMessages(aad);
    return String(messages[messages.length - 1]!.activity.text ?? '');
  };

  it('org import keeps the good rows, links managers by email and reports bad rows by line', async () => {
    const { ic, manager, vp, admin } = h.people;
    const csv = [
      'aadObjectId,name,email,manager,roles',
      `${ic.aadObjectId},Ivy Chen,ivy@contoso.example,manny@contoso.example,`,
      `${manager.aadObjectId},"Ortiz, Manny",manny@contoso.example,vera@contoso.example,`,
      `${vp.aadObjectId},Vera Lind,vera@contoso.example,,vp`,
      ',Nobody,,,',
      `${'f'.repeat(36)},Bad Role,bad@contoso.example,,emperor`,
    ].join('\n');
    const url = h.channel.serveFile('org.csv', csv, 'text/csv');
    const res = await h.teams.send(h.teams.fileMessage(admin, { name: 'org.csv', downloadUrl: url, text: 'org import' }));
    expect(res.status).toBe(200);
    const reply = await lastText(admin.aadObjectId);
    expect(reply).toContain('Imported 3 people');
    expect(reply).toMatch(/line 5: aadObjectId/);
    expect(reply).toMatch(/line 6: roles/);

    const ivy = await h.stores.directory.get(ic.aadObjectId);
    expect(ivy).toMatchObject({ name: 'Ivy Chen', managerId: manager.aadObjectId });
    expect(await h.stores.directory.get(manager.aadObjectId)).toMatchObject({ name: 'Ortiz, Manny', managerId: vp.aadObjectId });
    expect((await h.stores.directory.get(vp.aadObjectId))?.roles).toEqual(['vp']);
    expect(await h.stores.directory.get('f'.repeat(36))).toBeUndefined();
  });

  it('partner import adds partners with sales directors from the directory, and says who it could not find', async () => {
    const { admin } = h.people;
    h.channel.reset();
    const json = JSON.stringify([
      { name: 'Contoso', aliases: ['CTS', 'Contoso Ltd'], salesDirectors: ['vera@contoso.example'] },
      { name: 'Fabrikam', salesDirectors: 'ghost@contoso.example' },
      { aliases: ['no name'] },
    ]);
    const url = h.channel.serveFile('partners.json', json, 'application/json');
    await h.teams.send(h.teams.fileMessage(admin, { name: 'partners.json', downloadUrl: url, text: 'partner import' }));
    const reply = await lastText(admin.aadObjectId);
    expect(reply).toContain('2 added');
    expect(reply).toMatch(/line 2: salesDirectors: not in the directory: ghost@contoso.example/);
    expect(reply).toMatch(/line 3: name/);
    const contoso = await h.stores.partners.get('contoso');
    expect(contoso).toMatchObject({ name: 'Contoso', aliases: ['CTS', 'Contoso Ltd'], salesDirectors: [h.people.vp.aadObjectId] });
    expect((await h.stores.partners.get('fabrikam'))?.salesDirectors).toEqual([]);
  });

  it('refuses imports from people who are not admins', async () => {
    const { ic } = h.people;
    h.channel.reset();
    const url = h.channel.serveFile('p.csv', 'name\nEvil Corp\n', 'text/csv');
    await h.teams.send(h.teams.fileMessage(ic, { name: 'p.csv', downloadUrl: url, text: 'partner import' }));
    expect(await lastText(ic.aadObjectId)).toContain('Only admins');
    expect(await h.stores.partners.get('evil-corp')).toBeUndefined();
  });

  it('answers a broken file with what is wrong and imports nothing', async () => {
    const { admin } = h.people;
    h.channel.reset();
    const url = h.channel.serveFile('broken.json', '[{"name": "Half', 'application/json');
    await h.teams.send(h.teams.fileMessage(admin, { name: 'broken.json', downloadUrl: url, text: 'partner import' }));
    expect(await lastText(admin.aadObjectId)).toMatch(/not valid JSON/);
  });
});
