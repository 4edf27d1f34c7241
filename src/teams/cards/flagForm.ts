// The evidence form (cards/flag-form.json): triggers, evidence items, and "new occurrence" on an open case.
import { LIMITS } from '../../domain/commands';
import type { CaseState, Evidence, Trigger } from '../../domain/model';
import { TRIGGERS } from '../../domain/model';
import { escapeText, plainLine } from './escape';
import { STEP_NAMES } from './labels';
import { noticeData } from './notice';
import type { ActionData, Choice, EvidenceSlot, RefreshData, Toggle } from './parts';
import { KIND_CHOICES, TRIGGER_CHOICES, ctxOf, evidenceSlots, noCase } from './parts';
import type { AdaptiveCard } from './render';
import { renderCard } from './render';

export interface PartnerRef {
  partnerId: string;
  name: string;
}

/** The form as a dialog from a message's menu (README "Flag a message"): the partner is picked, the button submits. */
export interface DialogPart {
  on: boolean;
  partners: Choice[];
  /** The guessed partner's id, preselected. */
  partner: string;
  data: Record<string, string>;
}

export interface FlagFormData {
  ctx: ActionData;
  refresh: RefreshData;
  title: string;
  partner: string;
  dialog: DialogPart;
  intro: string;
  triggerChoices: Choice[];
  selectedTriggers: string;
  kindChoices: Choice[];
  slots: EvidenceSlot[];
  extraSlots: EvidenceSlot[];
  moreEvidence: Toggle;
  laterNote: string;
  newOccurrence: Toggle;
  privateNote: Toggle;
}

export function flagFormData(
  partner: PartnerRef,
  opts: {
    triggers?: readonly Trigger[];
    state?: CaseState;
    evidence?: readonly Evidence[];
    /** Per-user view in a channel: only this Teams id sees the form. */
    forTeamsId?: string;
    inChannel?: boolean;
    /** The partner does not exist yet (requested from admins): the flag is kept until it does. */
    pending?: boolean;
    dialog?: { partners: readonly PartnerRef[] };
  } = {},
): FlagFormData {
  const open = !opts.pending && opts.state && opts.state.status === 'open' ? opts.state : undefined;
  const ctx: ActionData = opts.pending ? { ...noCase(), pendingName: plainLine(partner.name, 200) } : open ? ctxOf(open) : noCase(partner.partnerId);
  const { visible, extra } = evidenceSlots(opts.evidence);
  const name = escapeText(partner.name, 200) || escapeText(partner.partnerId, 200) || 'this partner';
  const selected = (opts.triggers ?? []).filter((t) => TRIGGERS.includes(t));
  return {
    ctx,
    refresh: {
      on: !!opts.forTeamsId,
      userIds: opts.forTeamsId ? [opts.forTeamsId] : [],
      data: { ...ctx, form: 'flag', ...(selected.length ? { triggers: [...new Set(selected)].join(',') } : {}) },
    },
    title: opts.dialog ? 'Flag a partner red flag' : `Flag ${name}`,
    partner: name,
    dialog: {
      on: !!opts.dialog,
      partners: (opts.dialog?.partners ?? []).map((p) => ({ title: plainLine(p.name, 200), value: p.partnerId })),
      partner: opts.dialog ? partner.partnerId : '',
      data: {},
    },
    intro: opts.dialog
      ? `The message is already the first piece of evidence. ${partner.partnerId ? `The partner is guessed from it (${name}): change it if it is another.` : 'Pick the partner it is about.'} Then say what went wrong.`
      : opts.pending
      ? `${name} is not a partner yet. The admins have been asked to add it: fill in your flag now and it is recorded as soon as they do.`
      : open
        ? `${name} has an open case (${STEP_NAMES[open.step]}, strike ${open.level}). Your flag is added to it.`
        : `Flag ${name}: pick what went wrong and add what shows it.`,
    triggerChoices: TRIGGER_CHOICES,
    selectedTriggers: [...new Set(selected)].join(','),
    kindChoices: KIND_CHOICES,
    slots: visible,
    extraSlots: extra,
    moreEvidence: { on: extra.length > 0, text: `More evidence (up to ${LIMITS.evidencePerFlag} items)` },
    laterNote: 'You can add more evidence later with "Add evidence" on the case card.',
    newOccurrence: {
      // In a dialog the partner can still change, so the choice is always there.
      on: !!open || !!opts.dialog,
      text: 'This is a new occurrence (not the same event someone flagged in the last day)',
    },
    privateNote: { on: !!opts.inChannel, text: 'Only you see this form. The channel sees a short note without your evidence.' },
  };
}

/** What a handler knows when it offers the form: the partner (or the name typed for one not added yet). */
export interface FlagFormInput {
  partnerId?: string;
  partnerName: string;
  triggers: readonly Trigger[];
  /** The partner does not exist yet: the flag is kept until an admin adds it. */
  pending?: boolean;
  /** In a shared chat: only this Teams id sees the form (per-user view). */
  forTeamsId?: string;
  /** The partner's open case, if any: the form says so and offers "new occurrence". */
  state?: CaseState;
  /** Prefilled evidence (files sent with `flag`, or the message a dialog is about). */
  evidence?: readonly Evidence[];
}

export function flagFormCard(input: FlagFormInput): AdaptiveCard {
  return renderCard(
    'flag-form',
    flagFormData(
      { partnerId: input.partnerId ?? '', name: input.partnerName },
      {
        triggers: input.triggers,
        ...(input.state ? { state: input.state } : {}),
        ...(input.pending ? { pending: true } : {}),
        ...(input.forTeamsId ? { forTeamsId: input.forTeamsId, inChannel: true } : {}),
        ...(input.evidence ? { evidence: input.evidence } : {}),
      },
    ),
  );
}

/** The evidence form as a dialog (message action): every live partner to pick from, the guess preselected. */
export function flagDialogCard(input: { partners: readonly PartnerRef[]; guess?: PartnerRef; triggers: readonly Trigger[]; evidence: readonly Evidence[]; inChannel: boolean }): AdaptiveCard {
  const guess = input.guess ?? { partnerId: '', name: '' };
  return renderCard('flag-form', flagFormData(guess, { triggers: input.triggers, evidence: input.evidence, inChannel: input.inChannel, dialog: { partners: input.partners } }));
}

/** The channel's placeholder while the requester fills in the form; they see the form there through refresh. */
export function flagInProgressCard(input: FlagFormInput & { requester: { name?: string; teamsId?: string } }): AdaptiveCard {
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
  return renderCard('notice', data);
}
