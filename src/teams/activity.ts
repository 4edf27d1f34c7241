// The shape of a Bot Framework activity, checked at the edge before botbuilder or a handler sees it: a body that is
// not one gets 400 with the field at fault, never a 500 from deep inside (an object `serviceUrl`, a card click
// without its action). Unknown fields pass through: Teams adds new ones.
import { z } from 'zod';

const text = (max: number) => z.string().max(max);
const optional = (max: number) => text(max).nullish();
/** Ids travel in HTTP headers and URLs on the way back to Teams: printable ASCII only, as Teams' own are. */
const id = (max: number) => text(max).min(1).regex(/^[\x20-\x7E]+$/, 'printable ASCII');

const account = z
  .object({
    id: id(1024),
    name: optional(1024),
    aadObjectId: id(128).nullish(),
    role: optional(64),
  })
  .passthrough();

const activitySchema = z
  .object({
    type: text(64).min(1),
    id: id(1024).nullish(),
    channelId: text(64).min(1),
    serviceUrl: text(2048).url().refine((u) => /^https?:\/\//i.test(u), 'an http(s) URL'),
    from: account,
    recipient: account,
    conversation: z
      .object({
        id: id(1024),
        conversationType: optional(64),
        tenantId: id(128).nullish(),
        isGroup: z.boolean().nullish(),
        name: optional(1024),
      })
      .passthrough(),
    text: z.string().optional(),
    name: text(256).optional(),
    replyToId: id(1024).nullish(),
    localTimezone: optional(128),
    locale: optional(64),
    timestamp: optional(64),
    localTimestamp: optional(64),
    entities: z.array(z.object({ type: text(128) }).passthrough()).max(100).optional(),
    attachments: z.array(z.object({ contentType: text(256) }).passthrough()).max(50).optional(),
    channelData: z.object({}).passthrough().optional(),
    value: z.unknown(),
  })
  .passthrough()
  .superRefine((a, ctx) => {
    // A card click carries its action (verb and data); without one there is nothing to answer.
    if (a.type === 'invoke' && a.name === 'adaptiveCard/action') {
      const action = (a.value as { action?: unknown } | undefined)?.action as { type?: unknown; verb?: unknown } | undefined;
      const ok = typeof action === 'object' && action !== null && action.type === 'Action.Execute' && (action.verb === undefined || typeof action.verb === 'string');
      if (!ok) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['value', 'action'], message: 'a card click needs its Action.Execute action (verb, data)' });
    }
  });

/** Undefined when the body is a well-formed activity; else what is wrong, in words fit for the sender. */
export function activityProblem(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return 'Expected a Bot Framework activity (JSON object with a type).';
  const result = activitySchema.safeParse(body);
  if (result.success) return undefined;
  const issue = result.error.issues[0]!;
  const where = issue.path.length ? issue.path.join('.') : 'activity';
  return `Not a valid Bot Framework activity: ${where}: ${issue.message}.`;
}
