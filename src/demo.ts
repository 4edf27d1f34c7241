// DEMO_SEED=true: a small org and a few partners so the whole flow can be tried without a tenant.
// The people match .m365agentsplayground.yml, so Microsoft 365 Agents Playground users are known at once.
import type { Logger } from './log';
import type { Stores } from './storage/ports';
import type { HealthCommand, HealthState, Role } from './domain';
import { EMPTY_DIRECTORY, decideHealth } from './domain';

export interface DemoPerson {
  userId: string;
  name: string;
  email: string;
  managerId?: string;
  roles: Role[];
}

export const DEMO_PEOPLE: readonly DemoPerson[] = [
  { userId: '00000000-0000-0000-0000-0000000000020', name: 'Alex Wilber', email: 'alex@contoso.example', managerId: '00000000-0000-0000-0000-0000000000021', roles: [] },
  { userId: '00000000-0000-0000-0000-0000000000021', name: 'Megan Bowen', email: 'megan@contoso.example', managerId: '00000000-0000-0000-0000-0000000000022', roles: [] },
  { userId: '00000000-0000-0000-0000-0000000000022', name: 'Adele Vance', email: 'adele@contoso.example', managerId: '00000000-0000-0000-0000-0000000000023', roles: ['vp'] },
  { userId: '00000000-0000-0000-0000-0000000000023', name: 'Isaiah Langer', email: 'isaiah@contoso.example', roles: ['gm'] },
  { userId: '00000000-0000-0000-0000-0000000000024', name: 'Patti Fernandez', email: 'patti@contoso.example', managerId: '00000000-0000-0000-0000-0000000000023', roles: ['sales-director'] },
  { userId: '00000000-0000-0000-0000-0000000000025', name: 'Lynne Robbins', email: 'lynne@contoso.example', roles: ['admin'] },
];

export const DEMO_PARTNERS = [
  { partnerId: 'contoso', name: 'Contoso', aliases: ['Contoso Ltd'], salesDirectors: ['00000000-0000-0000-0000-0000000000024'] },
  { partnerId: 'fabrikam', name: 'Fabrikam', aliases: [], salesDirectors: [] },
  { partnerId: 'northwind-traders', name: 'Northwind Traders', aliases: ['Northwind'], salesDirectors: ['00000000-0000-0000-0000-0000000000024'] },
];

/** Idempotent: people are merged, partners created only when missing. */
export async function seedDemo(stores: Stores, log: Logger, now = new Date()): Promise<void> {
  for (const p of DEMO_PEOPLE) {
    await stores.directory.upsertPerson({ userId: p.userId, name: p.name, email: p.email });
    await stores.directory.setRoles(p.userId, p.roles);
    if (p.managerId) await stores.directory.setManager(p.userId, p.managerId);
  }
  for (const partner of DEMO_PARTNERS) {
    if (await stores.partners.get(partner.partnerId)) continue;
    await stores.partners.create({ ...partner, archived: false, createdAt: now.toISOString(), createdBy: 'demo-seed' });
  }
  await seedDemoHealth(stores, now);
  log.info({ people: DEMO_PEOPLE.length, partners: DEMO_PARTNERS.length }, 'demo directory and partners seeded');
}

/** Northwind Traders comes with some health recorded by its sales director, so `partner Northwind` shows it. */
async function seedDemoHealth(stores: Stores, now: Date): Promise<void> {
  const partnerId = 'northwind-traders';
  if (await stores.health.get(partnerId)) return;
  const patti = '00000000-0000-0000-0000-0000000000024';
  const day = (ago: number) => new Date(now.getTime() - ago * 86_400_000).toISOString();
  const steps: [number, HealthCommand][] = [
    [40, { type: 'rate', scores: { culture: 4, capacity: 2, commitment: 3, competencies: 4 }, notes: { capacity: 'One engineer for three projects.' } }],
    [35, { type: 'log-interaction', kind: 'meeting', on: day(35).slice(0, 10) }],
    [10, { type: 'log-symptom', symptom: 'one-sided-concessions', on: day(12).slice(0, 10), note: 'We absorbed the whole discount on the last renewal.' }],
    [5, { type: 'set-stage-owner', stage: 'plateau' }],
  ];
  let state: HealthState | undefined;
  const events = [];
  for (const [ago, command] of steps) {
    const d = decideHealth(state, command, { now: day(ago), actor: patti, partnerId, permission: { directory: EMPTY_DIRECTORY, admins: [], workers: [patti], partnerName: 'Northwind Traders' } });
    if (!d.ok) throw new Error(`demo health: ${d.rejection.message}`);
    events.push(...d.events);
    state = d.state;
  }
  await stores.health.commit({ partnerId, etag: undefined, events, state: state! });
}
