// A Teams message as evidence (README "Flag a message"): who wrote it, when, its text without HTML, its link, and
// the files attached to it as links. The bot never downloads a file: a file's evidence is its link, and the
// pre-authenticated download URL Teams sends with a file in the 1:1 chat is never kept.
import { DateTime } from 'luxon';
import { LIMITS } from '../domain/commands';
import type { Evidence } from '../domain/model';

/** The `messagePayload` of a message action (Graph's chatMessage shape, as Teams sends it). */
export interface MessagePayload {
  id?: string;
  createdDateTime?: string;
  linkToMessage?: string | null;
  body?: { contentType?: string; content?: string };
  from?: { user?: { id?: string; displayName?: string } | null; application?: { displayName?: string } | null } | null;
  attachments?: Array<{ id?: string; contentType?: string; contentUrl?: string | null; name?: string | null }> | null;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** The text a person reads in a Teams message body: tags dropped, line breaks kept, entities decoded. */
export function htmlToText(html: string): string {
  return html
    .replace(/<(script|style)\b[^>]*>[\s\S]*?<\/\1>/gi, '')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|div|li|h[1-6]|blockquote|tr)>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (all, code: string) => {
      if (code.startsWith('#x') || code.startsWith('#X')) return String.fromCodePoint(parseInt(code.slice(2), 16));
      if (code.startsWith('#')) return String.fromCodePoint(parseInt(code.slice(1), 10));
      return ENTITIES[code.toLowerCase()] ?? all;
    })
    .replace(/[ \t\u00a0]+/g, ' ')
    .replace(/ *\n */g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** The message's text, whatever its body type. */
export function payloadText(payload: MessagePayload): string {
  const content = payload.body?.content ?? '';
  return payload.body?.contentType === 'text' ? content.trim() : htmlToText(content);
}

function httpsLink(url: string | null | undefined): string | undefined {
  if (!url || url.length > LIMITS.link) return undefined;
  try {
    return new URL(url).protocol === 'https:' ? url : undefined;
  } catch {
    return undefined;
  }
}

export interface FileLink {
  name: string;
  url: string;
}

/** "Ivy Chen wrote on 2 Nov 2026, 09:15 UTC: “…”", within the summary limit. */
function quoteOf(author: string, at: DateTime | undefined, text: string): string {
  const head = `${author || 'Someone'}${at ? ` wrote on ${at.toFormat('d LLL yyyy, HH:mm ZZZZ')}` : ' wrote'}: `;
  const room = LIMITS.summary - head.length - 2;
  const body = text.length > room ? `${text.slice(0, room - 1)}…` : text;
  return `${head}“${body}”`;
}

/** A message as evidence items: the message itself first, then one link per attached file (10 at most in all). */
export function messageEvidence(
  message: { author: string; at?: string; text: string; link?: string | null; files: readonly FileLink[]; meeting?: boolean },
  timeZone: string,
): Evidence[] {
  const at = message.at ? DateTime.fromISO(message.at, { zone: 'utc' }).setZone(timeZone) : undefined;
  const when = at?.isValid ? at : undefined;
  const link = httpsLink(message.link);
  const items: Evidence[] = [];
  if (message.text || !message.files.length) {
    items.push({
      kind: message.meeting ? 'meeting-notes' : 'other',
      summary: quoteOf(message.author, when, message.text || '(no text)'),
      ...(link ? { link } : {}),
      ...(when ? { date: when.toISODate()! } : {}),
    });
  }
  for (const file of message.files) {
    if (items.length >= LIMITS.evidencePerFlag) break;
    items.push({ kind: 'other', summary: `File attached to the message: ${file.name}`.slice(0, LIMITS.summary), link: file.url, ...(when ? { date: when.toISODate()! } : {}) });
  }
  return items;
}

/** The files of a message action's payload (Graph `reference` attachments), as links; cards and other kinds are skipped. */
export function payloadFiles(payload: MessagePayload): FileLink[] {
  return (payload.attachments ?? []).flatMap((a) => {
    const url = a.contentType === 'reference' ? httpsLink(a.contentUrl) : undefined;
    return url ? [{ name: (a.name ?? '').trim().slice(0, 200) || 'a file', url }] : [];
  });
}

/**
 * The files sent with a message in the 1:1 chat (Teams' file download info): the file's own address (`contentUrl`,
 * where it lives in OneDrive), never `content.downloadUrl`, which is a short-lived pre-authenticated download link.
 */
export function chatFiles(attachments: ReadonlyArray<{ contentType?: string; contentUrl?: string; name?: string }> | undefined): FileLink[] {
  return (attachments ?? []).flatMap((a) => {
    const url = a.contentType === 'application/vnd.microsoft.teams.file.download.info' ? httpsLink(a.contentUrl) : undefined;
    return url ? [{ name: (a.name ?? '').trim().slice(0, 200) || 'a file', url }] : [];
  });
}

/** Evidence items for files alone (a `flag` typed with files attached). */
export function fileEvidence(files: readonly FileLink[], date?: string): Evidence[] {
  return files.slice(0, LIMITS.evidencePerFlag).map((f) => ({ kind: 'other', summary: `File: ${f.name}`, link: f.url, ...(date ? { date } : {}) }));
}

/** The author's name in a payload (a person, or an app). */
export function payloadAuthor(payload: MessagePayload): string {
  return (payload.from?.user?.displayName ?? payload.from?.application?.displayName ?? '').trim().slice(0, 100);
}
