// Admin commands: partner records and the org directory (README, "Using it in Teams"). Admins come from ADMIN_AAD_OBJECT_IDS,
// then the directory role `admin` — never first come, first served.
import type { TurnContext } from 'botbuilder';
import type { Role } from '../../domain';
import { ROLES } from '../../domain';
import { slugify } from '../../service/partners';
import type { PartnerRecord, Person } from '../../storage/ports';
import { mentionIndex } from '../commandText';
import type { BotDeps } from '../deps';
import { orgCard } from '../cards/org';
import { escapeInline, codeInline } from '../cards/escape';
import { resolveMention, toPeople } from '../caseViews';
import { attachedFile, download, partnerRowSchema, personRowSchema, readRows, validateRows } from './imports';
import type { RowProblem } from './imports';
import type { ChatCommandName } from '../verbs';
import type { ChatHandler } from './common';
import { actorOf, parsed, partnerOrSuggest, splitKnownPartner } from './common';
import { partnerArchive, partnerRequests } from './caseAdmin';
import { recordPendingFlags } from './pending';
import { importPeople } from './orgImport';

type AdminHandler = ChatHandler;

function adminOnly(handle: AdminHandler): AdminHandler {
  return async (context, deps) => {
    if (!(await deps.service.isAdmin(actorOf(context).aadObjectId))) {
      await deps.reply.text(context, 'Only admins can change partner records and the directory. Ask an admin, or see `help`.');
      return;
    }
    await handle(context, deps);
  };
}

async function mentionedPeople(context: TurnContext, deps: BotDeps): Promise<{ people: Person[]; missing: string[] }> {
  const { mentions } = parsed(context);
  const people: Person[] = [];
  const missing: string[] = [];
  for (const m of mentions) {
    const p = await resolveMention(context, deps.stores, m);
    if (p) people.push(p);
    else missing.push(m.name);
  }
  return { people, missing };
}

function pendingText(recorded: number): string {
  return recorded ? ` ${recorded} pending flag${recorded > 1 ? 's were' : ' was'} recorded on it.` : '';
}

const partnerAdd: AdminHandler = async (context, deps) => {
  const name = parsed(context).args.join(' ').trim();
  if (!name) return deps.reply.text(context, 'Name the partner: `partner add Contoso`.');
  if (name.length > 200) return deps.reply.text(context, 'That name is too long (200 characters at most).');
  const partnerId = slugify(name);
  if (!partnerId) return deps.reply.text(context, 'A partner name needs letters or digits.');
  const existing = await deps.stores.partners.get(partnerId);
  if (existing) return deps.reply.text(context, `${escapeInline(existing.name)} already exists${existing.archived ? ' (archived)' : ''}.`);
  const identity = actorOf(context);
  await deps.stores.partners.create({ partnerId, name, aliases: [], salesDirectors: [], archived: false, createdAt: deps.clock.now().toISOString(), createdBy: identity.aadObjectId });
  const recorded = await recordPendingFlags(deps, partnerId);
  await deps.reply.text(context, `Added **${escapeInline(name)}**.${recorded ? ` ${recorded} pending flag${recorded > 1 ? 's were' : ' was'} recorded on it.` : ''} Set its sales directors with \`partner sales ${codeInline(name)} @someone\`.`);
};

const partnerSales: AdminHandler = async (context, deps) => {
  const { args } = parsed(context);
  const at = args.findIndex((a) => mentionIndex(a) !== undefined);
  if (at <= 0) return deps.reply.text(context, 'Try `partner sales Contoso @Sam` (one or more people).');
  const partner = await partnerOrSuggest(context, deps, args.slice(0, at).join(' '), 'partner sales Contoso @Sam');
  if (!partner) return;
  const { people, missing } = await mentionedPeople(context, deps);
  if (missing.length) return deps.reply.text(context, `I couldn't find ${missing.map((m) => escapeInline(m)).join(', ')} in this conversation's members; nothing changed.`);
  await deps.stores.partners.update({ ...partner, salesDirectors: people.map((p) => p.userId) });
  await deps.reply.text(context, `${escapeInline(partner.name)}'s sales directors: ${people.map((p) => escapeInline(p.name || p.userId)).join(', ')}.`);
};

const partnerRename: AdminHandler = async (context, deps) => {
  const split = splitKnownPartner(parsed(context).args, await deps.stores.partners.finder());
  if (!split || !split[1].trim()) return deps.reply.text(context, 'Name a known partner and its new name: `partner rename Contoso Contoso Group`. `partners` lists them.');
  const [partner, rest] = split;
  const newName = rest.trim().slice(0, 200);
  await deps.stores.partners.update({ ...partner, name: newName, aliases: [...new Set([...partner.aliases, partner.name])] });
  // A flag waiting for a partner of the new name is this partner's now (issue 12).
  const recorded = await recordPendingFlags(deps, partner.partnerId);
  await deps.reply.text(context, `Renamed ${escapeInline(partner.name)} to **${escapeInline(newName)}** (the old name still finds it).${pendingText(recorded)}`);
};

const partnerAlias: AdminHandler = async (context, deps) => {
  const split = splitKnownPartner(parsed(context).args, await deps.stores.partners.finder());
  if (!split || !split[1].trim()) return deps.reply.text(context, 'Name a known partner and the other name: `partner alias Contoso CTSO`. `partners` lists them.');
  const [partner, rest] = split;
  const alias = rest.trim().slice(0, 200);
  const clash = (await deps.stores.partners.finder()).find(alias);
  if (clash && clash.partnerId !== partner.partnerId) return deps.reply.text(context, `"${escapeInline(alias)}" already names ${escapeInline(clash.name)}.`);
  await deps.stores.partners.update({ ...partner, aliases: [...new Set([...partner.aliases, alias])] });
  const recorded = await recordPendingFlags(deps, partner.partnerId);
  await deps.reply.text(context, `${escapeInline(partner.name)} can now also be called "${escapeInline(alias)}".${pendingText(recorded)}`);
};

const orgManager: AdminHandler = async (context, deps) => {
  const { people, missing } = await mentionedPeople(context, deps);
  if (missing.length || people.length !== 2) return deps.reply.text(context, missing.length ? `I couldn't find ${missing.map((m) => escapeInline(m)).join(', ')} here.` : 'Try `org manager @Ivy @Manny` (the person, then their manager).');
  const [person, manager] = people as [Person, Person];
  if (person.userId === manager.userId) return deps.reply.text(context, 'Nobody is their own manager.');
  await deps.stores.directory.setManager(person.userId, manager.userId);
  await deps.reply.text(context, `${person.name ? escapeInline(person.name) : 'They'} now report${person.name ? 's' : ''} to ${escapeInline(manager.name || manager.userId)}.`);
};

function roleArg(context: TurnContext): Role | undefined {
  const word = parsed(context).args.find((a) => mentionIndex(a) === undefined)?.toLowerCase();
  return (ROLES as readonly string[]).includes(word ?? '') ? (word as Role) : undefined;
}

const orgRole = (add: boolean): AdminHandler => async (context, deps) => {
  const role = roleArg(context);
  const { people, missing } = await mentionedPeople(context, deps);
  if (!role || people.length === 0) return deps.reply.text(context, `Try \`org ${add ? 'role' : 'unrole'} @Vera vp\` (roles: ${ROLES.join(', ')}).`);
  if (missing.length) return deps.reply.text(context, `I couldn't find ${missing.map((m) => escapeInline(m)).join(', ')} here; nothing changed.`);
  for (const p of people) {
    const roles = add ? [...new Set([...p.roles, role])] : p.roles.filter((r) => r !== role);
    await deps.stores.directory.setRoles(p.userId, roles);
  }
  await deps.reply.text(context, `${people.map((p) => escapeInline(p.name || p.userId)).join(', ')}: ${add ? 'now' : 'no longer'} ${role}.`);
};

const orgShow: AdminHandler = async (context, deps) => {
  const all = new Map((await deps.stores.directory.list()).map((p) => [p.userId, p]));
  const { people } = await mentionedPeople(context, deps);
  const shown = people.length ? people : [...all.values()].sort((a, b) => (a.name ?? '').localeCompare(b.name ?? ''));
  await deps.reply.card(
    context,
    orgCard(
      shown.map((p) => ({ userId: p.userId, ...(p.name ? { name: p.name } : {}), ...(p.managerId ? { managerId: p.managerId } : {}), roles: p.roles, ...(p.teamsId ? { teamsId: p.teamsId } : {}), ...(p.reach ? { reach: p.reach } : {}) })),
      { people: toPeople(all) },
    ),
  );
};

function problemsText(problems: RowProblem[]): string {
  if (problems.length === 0) return '';
  const shown = problems.slice(0, 10).map((p) => `line ${p.line}: ${escapeInline(p.problem, 300)}`);
  return `\n\nSkipped ${problems.length} row${problems.length > 1 ? 's' : ''}:\n- ${shown.join('\n- ')}${problems.length > 10 ? `\n- … and ${problems.length - 10} more` : ''}`;
}

async function fileText(context: TurnContext, deps: BotDeps, what: string): Promise<{ text: string; fileType: string } | undefined> {
  if (actorOf(context).conversationType !== 'personal') {
    await deps.reply.text(context, `Send the file in our 1:1 chat with the message \`${what}\` (Teams lets bots receive files only there).`);
    return undefined;
  }
  const file = attachedFile(context.activity.attachments);
  if (!file) {
    await deps.reply.text(context, `Attach a JSON or CSV file to the message \`${what}\`. \`help\` shows the columns.`);
    return undefined;
  }
  try {
    return { text: await download(file), fileType: file.fileType };
  } catch (err) {
    await deps.reply.text(context, `I couldn't read ${escapeInline(file.name, 100)}: ${escapeInline((err as Error).message, 200)}. Nothing was imported.`);
    return undefined;
  }
}

const orgImport: AdminHandler = async (context, deps) => {
  const file = await fileText(context, deps, 'org import');
  if (!file) return;
  const { rows, problems: parseProblems } = readRows(file.text, file.fileType);
  const { good, problems } = validateRows(rows, personRowSchema);
  const result = await importPeople(deps, good, actorOf(context).tenantId);
  const waiting = result.waiting
    ? ` ${result.waiting} of them by email only: they join the directory when they first message partner-fit${deps.graph ? ' (Microsoft Graph does not know them)' : ' (with Microsoft Graph configured, at once)'}.`
    : '';
  await deps.reply.text(context, `Imported ${result.imported} ${result.imported === 1 ? 'person' : 'people'}.${waiting}${problemsText([...parseProblems, ...problems, ...result.problems])}`);
};

const partnerImport: AdminHandler = async (context, deps) => {
  const file = await fileText(context, deps, 'partner import');
  if (!file) return;
  const { rows, problems: parseProblems } = readRows(file.text, file.fileType);
  const { good, problems } = validateRows(rows, partnerRowSchema);
  const people = await deps.stores.directory.list();
  const idOf = (s: string) => people.find((p) => p.userId === s || p.email?.toLowerCase() === s.toLowerCase())?.userId;
  const extra: RowProblem[] = [];
  let created = 0;
  let updated = 0;
  let pending = 0;
  for (const { line, row } of good) {
    const partnerId = slugify(row.name);
    const directors = row.salesDirectors.map((s) => ({ s, id: idOf(s) }));
    const unknown = directors.filter((d) => !d.id).map((d) => d.s);
    if (!partnerId) {
      extra.push({ line, problem: 'name: needs letters or digits' });
      continue;
    }
    if (unknown.length) extra.push({ line, problem: `salesDirectors: not in the directory: ${unknown.join(', ')} (the partner was imported without them)` });
    const existing = await deps.stores.partners.get(partnerId);
    const record: PartnerRecord = {
      partnerId,
      name: row.name,
      aliases: [...new Set([...(existing?.aliases ?? []), ...row.aliases])],
      salesDirectors: directors.flatMap((d) => (d.id ? [d.id] : [])),
      archived: existing?.archived ?? false,
      createdAt: existing?.createdAt ?? deps.clock.now().toISOString(),
      createdBy: existing?.createdBy ?? actorOf(context).aadObjectId,
    };
    if (existing) {
      await deps.stores.partners.update(record);
      updated += 1;
    } else {
      await deps.stores.partners.create(record);
      created += 1;
      pending += await recordPendingFlags(deps, partnerId);
    }
  }
  await deps.reply.text(
    context,
    `Partners: ${created} added, ${updated} updated.${pending ? ` ${pending} pending flag(s) recorded.` : ''}${problemsText([...parseProblems, ...problems, ...extra])}`,
  );
};

/** Partner records and the directory: admins only. */
export const ADMIN_COMMANDS = {
  'partner add': adminOnly(partnerAdd),
  'partner sales': adminOnly(partnerSales),
  'partner rename': adminOnly(partnerRename),
  'partner alias': adminOnly(partnerAlias),
  'partner archive': adminOnly(partnerArchive),
  'partner requests': adminOnly(partnerRequests),
  'partner import': adminOnly(partnerImport),
  'org manager': adminOnly(orgManager),
  'org role': adminOnly(orgRole(true)),
  'org unrole': adminOnly(orgRole(false)),
  'org show': adminOnly(orgShow),
  'org import': adminOnly(orgImport),
} satisfies Partial<Record<ChatCommandName, ChatHandler>>;
