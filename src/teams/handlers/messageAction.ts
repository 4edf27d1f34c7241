// "Flag a partner red flag" from a message's … menu (README "Flag a message"): composeExtension/fetchTask opens the
// evidence form as a dialog, prefilled with the message; composeExtension/submitAction does what the flag form does
// (the same parsing, the same engine command, so the same permissions and merge window). Identity comes from the
// invoke activity only: a submit that names a person or a tenant is refused.
import type { TaskModuleTaskInfo, TurnContext } from 'botbuilder';
import { CardFactory } from 'botbuilder';
import { partnersNamed, spot } from '../../domain/spotting/classify';
import type { Trigger } from '../../domain/model';
import { caseCard } from '../cards/case';
import { flagDialogCard } from '../cards/flagForm';
import { flagPostedCard } from '../cards/flagPosted';
import { STEP_NAMES } from '../cards/labels';
import { loadCaseView } from '../caseViews';
import type { BotDeps } from '../deps';
import { turnLogger } from '../../log';
import type { MessagePayload } from '../messageEvidence';
import { messageEvidence, payloadAuthor, payloadFiles, payloadText } from '../messageEvidence';
import { cardActivity } from '../reply';
import { parseSubmit } from '../verbs';
import { actorOf, onceKeyOf, viewDeps } from './common';

export const DIALOG_TITLE = 'Flag a partner red flag';

/** Card data never says who acts: a submit carrying any of these was not made by the dialog, and is refused. */
const IDENTITY_FIELDS = ['aadObjectId', 'userId', 'from', 'reporter', 'reporterId', 'actor', 'tenantId', 'tenant', 'onBehalfOf'];

function isMeeting(context: TurnContext): boolean {
  return !!(context.activity.channelData as { meeting?: unknown } | undefined)?.meeting;
}

/** The dialog: the message as the first evidence item, its files as links, the partner and triggers guessed from its text. */
export async function fetchMessageFlag(context: TurnContext, deps: BotDeps): Promise<TaskModuleTaskInfo | string> {
  const payload = (context.activity.value as { messagePayload?: MessagePayload } | undefined)?.messagePayload;
  if (!payload) return 'Use "Flag a partner red flag" from the … menu of a message: it flags that message.';
  const partners = (await deps.stores.partners.list()).filter((p) => !p.archived).sort((a, b) => a.name.localeCompare(b.name));
  if (partners.length === 0) return 'There are no partners yet. An admin adds them with `partner add <name>`.';
  const text = payloadText(payload);
  const names = await deps.partnerIndex.current();
  const named = partnersNamed(text, names)[0];
  const guess = named ? partners.find((p) => p.partnerId === named.partnerId) : undefined;
  const triggers: Trigger[] = guess ? [...new Set(spot(text, names).filter((s) => s.partnerId === guess.partnerId).map((s) => s.trigger))] : [];
  const evidence = messageEvidence(
    { author: payloadAuthor(payload), ...(payload.createdDateTime ? { at: payload.createdDateTime } : {}), text, link: payload.linkToMessage ?? undefined, files: payloadFiles(payload), meeting: isMeeting(context) },
    deps.config.workflow.calendar.timeZone,
  );
  const card = flagDialogCard({
    partners: partners.map((p) => ({ partnerId: p.partnerId, name: p.name })),
    ...(guess ? { guess: { partnerId: guess.partnerId, name: guess.name } } : {}),
    triggers,
    evidence,
    inChannel: actorOf(context).conversationType !== 'personal',
  });
  return { title: DIALOG_TITLE, width: 'large', height: 'large', card: CardFactory.adaptiveCard(card) };
}

/** The dialog's submit: the flag, recorded as the person who sent the invoke; the short card where the message was. */
export async function submitMessageFlag(context: TurnContext, deps: BotDeps, data: unknown): Promise<string> {
  const identity = actorOf(context);
  const values = (data && typeof data === 'object' && !Array.isArray(data) ? data : {}) as Record<string, unknown>;
  const forged = IDENTITY_FIELDS.filter((f) => f in values);
  if (forged.length) {
    turnLogger(deps.log, context.activity).warn({ fields: forged }, 'message action submit named a person or tenant; refused');
    return 'Nothing was flagged: this form named a person or an organisation, and partner-fit takes who you are from Teams only.';
  }
  const partnerId = typeof values.partner === 'string' ? values.partner : '';
  const partner = partnerId ? await deps.stores.partners.get(partnerId) : undefined;
  if (!partner || partner.archived) return 'Nothing was flagged: pick a partner from the list (that one is not known, or archived).';
  // The flag form's own parsing: the same engine command as `flag`.
  const submit = parseSubmit('flag', { ...values, partnerId: partner.partnerId, caseId: '', stage: -1 });
  if ('error' in submit || !submit.command) return `Nothing was flagged. ${'error' in submit ? submit.error : ''}`.trim();
  // The case's channel stays where `flag` was used: a message action posts its own short card (below) instead.
  const outcome = await deps.service.execute(partner.partnerId, submit.command, { aadObjectId: identity.aadObjectId, conversationId: identity.conversationId }, onceKeyOf(context, identity.aadObjectId));
  if (!outcome.ok) return `Nothing was flagged: ${outcome.rejection.message}`;

  const view = await loadCaseView(viewDeps(deps), partner, outcome.state, identity.aadObjectId);
  const flag = outcome.state.flags.at(-1);
  const where = `${partner.name} is at ${STEP_NAMES[outcome.state.step]} (strike ${outcome.state.level}).`;
  if (identity.conversationType !== 'personal') {
    const { viewer: _reporter, ...shared } = view;
    try {
      await context.sendActivity(cardActivity(flagPostedCard({ ...shared, ...(flag ? { flagId: flag.flagId } : {}) })));
      return `Flag recorded. ${where} The conversation sees a short note without your evidence.`;
    } catch (err) {
      // Not a member of this chat: the reporter gets the case in their 1:1 chat instead.
      turnLogger(deps.log, context.activity).info({ err }, 'could not post the flagged note in the conversation');
    }
  }
  const sent = await deps.messenger.sendToUser(identity.aadObjectId, cardActivity(caseCard({ ...view, headline: 'Flag recorded.' })));
  return `Flag recorded. ${where}${sent.ok ? ' The case card is in your chat with partner-fit.' : ''}`;
}

/** A command id no catalog entry has (an old app package): say so, never fail. */
export async function unknownMessageAction(): Promise<string> {
  return 'partner-fit does not know this command any more. Ask your admin to update the app.';
}
