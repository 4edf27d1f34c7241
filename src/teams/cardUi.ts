// The Ui the handlers use, built on the card templates (cards/) and their view builders (cards/views.ts).
import { usersWithRole } from '../domain';
import type { Person } from '../storage/ports';
import { renderCard, renderMovedOn, renderNotice } from './cards/render';
import type { FormName, People, ViewOptions } from './cards/views';
import {
  FORMS,
  caseCardData,
  flagFormData,
  formCard,
  formForVerb,
  helpData,
  historyData,
  noticeData,
  orgData,
  partnersData,
  triggersData,
  unknownPartnerData,
  welcomeData,
} from './cards/views';
import type { Card, CaseView, Ui } from './ui';

export function toPeople(people: ReadonlyMap<string, Person>): People {
  const out: People = {};
  for (const [id, p] of people) {
    out[id] = { ...(p.name ? { name: p.name } : {}), ...(p.teamsId ? { teamsId: p.teamsId } : {}), ...(p.email ? { email: p.email } : {}) };
  }
  return out;
}

function viewOptions(view: CaseView): ViewOptions {
  return {
    people: toPeople(view.people),
    partnerName: view.partner.name,
    ...(view.viewer ? { viewer: view.viewer } : {}),
    ...(view.headline ? { headline: view.headline } : {}),
    ...(view.events ? { events: view.events } : {}),
    ...(view.unreachable ? { unreachable: view.unreachable } : {}),
    ...(view.admins ? { admins: view.admins } : {}),
    ...(view.directory ? { directory: view.directory } : {}),
    ...(view.timeZone ? { timeZone: view.timeZone } : {}),
    ...(view.now ? { now: view.now } : {}),
  };
}

function asCard(card: unknown): Card {
  return card as Card;
}

export const cardUi: Ui = {
  welcome: () => asCard(renderCard('welcome', welcomeData())),
  help: (isAdmin) => asCard(renderCard('help', helpData({ isAdmin }))),
  triggers: () => asCard(renderCard('triggers', triggersData())),
  notice: (text, title) => asCard(renderNotice(text, title ? { title } : {})),

  flagForm: (input) =>
    asCard(
      renderCard(
        'flag-form',
        flagFormData(
          { partnerId: input.partnerId ?? '', name: input.partnerName },
          { triggers: input.triggers, ...(input.state ? { state: input.state } : {}), ...(input.pending ? { pending: true } : {}), ...(input.forTeamsId ? { forTeamsId: input.forTeamsId, inChannel: true } : {}) },
        ),
      ),
    ),

  flagInProgress: (input) => {
    const requester = input.requester.name || 'Someone';
    const triggers = [...new Set(input.triggers)].join(',');
    const data = noticeData({
      message: `${requester} is flagging ${input.partnerName}. Only they see the form; the channel gets a short note without evidence.`,
      title: 'Flag in progress',
      ...(input.requester.teamsId
        ? {
            refresh: {
              userIds: [input.requester.teamsId],
              data: {
                partnerId: input.partnerId ?? '',
                caseId: '',
                stage: -1,
                form: 'flag',
                ...(triggers ? { triggers } : {}),
                ...(input.pending ? { pendingName: input.partnerName } : {}),
              },
            },
          }
        : {}),
    });
    return asCard(renderCard('notice', data));
  },

  unknownPartner: (typed, suggestions, triggers) =>
    asCard(renderCard('unknown-partner', unknownPartnerData(typed, suggestions.map((s) => ({ partnerId: s.partnerId, name: s.name })), triggers))),

  caseCard: (view) => asCard(renderCard('case', caseCardData(view.state, viewOptions(view)))),

  form: (verb, view) => {
    const form: FormName | undefined = (FORMS as readonly string[]).includes(verb) ? (verb as FormName) : formForVerb(verb, view.state);
    if (!form) return asCard(renderNotice(`There is no form for "${verb}".`, { title: 'Nothing to show' }));
    const assignable = [...view.people.keys()];
    const salesDirectorCandidates = view.directory ? usersWithRole(view.directory, 'sales-director') : [];
    const { card, data } = formCard(form, view.state, {
      ...viewOptions(view),
      assignable,
      salesDirectorCandidates,
      ...(view.email ? { email: { subject: view.email.subject, emlUrl: view.email.emlUrl, recipients: view.email.recipients } } : {}),
      ...(view.flagId ? { flagId: view.flagId } : {}),
      ...(view.before !== undefined ? { before: view.before } : {}),
    });
    return asCard(renderCard(card, data));
  },

  movedOn: (message, view) => asCard(renderMovedOn(renderCard('case', caseCardData(view.state, viewOptions(view))), message)),

  partners: (rows, people) =>
    asCard(
      renderCard(
        'partners',
        partnersData(
          rows.map((r) => ({ partnerId: r.partner.partnerId, name: r.partner.name, ...(r.state ? { state: r.state } : {}) })),
          { people: toPeople(people) },
        ),
      ),
    ),

  history: (view, events) => asCard(renderCard('history', historyData(view.state, { ...viewOptions(view), events }))),

  orgShow: (shown, all) =>
    asCard(
      renderCard(
        'org',
        orgData(
          shown.map((p) => ({ userId: p.userId, ...(p.name ? { name: p.name } : {}), ...(p.managerId ? { managerId: p.managerId } : {}), roles: p.roles, ...(p.teamsId ? { teamsId: p.teamsId } : {}) })),
          { people: toPeople(all) },
        ),
      ),
    ),
};
