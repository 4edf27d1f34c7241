// Message actions as Teams sends them: `composeExtension/fetchTask` when someone picks the app's command in a
// message's … menu (with the message as `value.messagePayload`, Graph's chatMessage shape), then
// `composeExtension/submitAction` with the dialog's inputs in `value.data`. Shapes follow the Teams docs
// ("Create and send dialogs", "Respond to the dialog submit action").
import type { Card } from './cards';
import { inputsOf, walk } from './cards';
import type { TeamsActivity, TeamsClient, TeamsConversation, TeamsUser } from './teams';

export interface MessageInput {
  author: TeamsUser;
  /** The body as Teams stores it: HTML. */
  html: string;
  id?: string;
  createdDateTime?: string;
  linkToMessage?: string;
  /** Files: Graph `reference` attachments. */
  files?: Array<{ name: string; contentUrl: string }>;
}

/** The `messagePayload` of a message in a channel or chat. */
export function messagePayload(m: MessageInput): Record<string, unknown> {
  const id = m.id ?? '1800000000999';
  return {
    id,
    replyToId: null,
    createdDateTime: m.createdDateTime ?? '2026-11-02T08:45:00.000Z',
    lastModifiedDateTime: null,
    deleted: false,
    summary: null,
    importance: 'normal',
    locale: 'en-us',
    linkToMessage: m.linkToMessage ?? `https://teams.microsoft.com/l/message/19:sync@thread.tacv2/${id}`,
    from: { device: null, conversation: null, user: { userIdentityType: 'aadUser', id: m.author.aadObjectId, displayName: m.author.name }, application: null },
    body: { contentType: 'html', content: m.html },
    attachments: (m.files ?? []).map((f, i) => ({ id: `file-${i}`, contentType: 'reference', contentUrl: f.contentUrl, content: null, name: f.name, thumbnailUrl: null })),
    mentions: [],
    reactions: [],
  };
}

function invoke(client: TeamsClient, user: TeamsUser, conversation: TeamsConversation | string, name: string, value: Record<string, unknown>): TeamsActivity {
  const base = client.invokeExecute(user, conversation, { verb: 'unused' });
  return { ...base, name, value, channelData: { ...base.channelData, source: { name: 'message' } } };
}

export function fetchTaskActivity(client: TeamsClient, user: TeamsUser, conversation: TeamsConversation | string, payload: Record<string, unknown> | undefined, commandId = 'flagMessage'): TeamsActivity {
  return invoke(client, user, conversation, 'composeExtension/fetchTask', {
    commandId,
    commandContext: 'message',
    requestId: 'e5f5c2a1b7d84b1c9a0f3c2d1e0f9a8b',
    context: { theme: 'default' },
    ...(payload ? { messagePayload: payload } : {}),
  });
}

export function submitActionActivity(
  client: TeamsClient,
  user: TeamsUser,
  conversation: TeamsConversation | string,
  payload: Record<string, unknown>,
  data: Record<string, unknown>,
  commandId = 'flagMessage',
): TeamsActivity {
  return invoke(client, user, conversation, 'composeExtension/submitAction', {
    commandId,
    commandContext: 'message',
    context: { theme: 'default' },
    messagePayload: payload,
    data,
  });
}

/** What a fetchTask or submitAction answered: the dialog's card, or the message Teams shows. */
export interface TaskAnswer {
  status: number;
  card?: Card;
  message?: string;
  title?: string;
}

export async function sendTask(client: TeamsClient, activity: TeamsActivity): Promise<TaskAnswer> {
  const res = await client.send(activity);
  const task = (res.body as { task?: { type?: string; value?: { title?: string; card?: { content?: Card } } | string } } | undefined)?.task;
  if (task?.type === 'continue' && typeof task.value === 'object') return { status: res.status, card: task.value.card?.content, ...(task.value.title ? { title: task.value.title } : {}) };
  if (task?.type === 'message' && typeof task.value === 'string') return { status: res.status, message: task.value };
  return { status: res.status };
}

/** What a dialog's Action.Submit sends: the action's data merged with every input and what was typed. */
export function dialogSubmitData(card: Card, typed: Record<string, string> = {}): Record<string, unknown> {
  let data: Record<string, unknown> | undefined;
  walk(card, (n) => {
    if (n.type === 'Action.Submit' && !data) data = (n.data as Record<string, unknown> | undefined) ?? {};
  });
  if (!data) throw new Error('the dialog has no Action.Submit button');
  const inputs = inputsOf(card);
  for (const key of Object.keys(typed)) if (!(key in inputs)) throw new Error(`The dialog has no input "${key}" (it has: ${Object.keys(inputs).join(', ')}).`);
  return { ...data, ...inputs, ...typed };
}
