// org import / partner import: a JSON or CSV file sent in the 1:1 chat. Bad rows are reported by line;
// good rows are kept. csv-parse does the CSV (quotes, commas in names, BOMs), not a hand-written splitter.
import { parse as parseCsv } from 'csv-parse/sync';
import { z } from 'zod';
import { ROLES } from '../../domain';

export const MAX_IMPORT_BYTES = 1024 * 1024;

export interface ImportRow {
  line: number;
  data: Record<string, unknown>;
}

export interface RowProblem {
  line: number;
  problem: string;
}

export function readRows(text: string, fileType: string): { rows: ImportRow[]; problems: RowProblem[] } {
  const type = fileType.toLowerCase();
  if (type === 'json' || text.trimStart().startsWith('[')) {
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (err) {
      return { rows: [], problems: [{ line: 1, problem: `not valid JSON (${(err as Error).message})` }] };
    }
    if (!Array.isArray(data)) return { rows: [], problems: [{ line: 1, problem: 'expected a JSON array of rows' }] };
    return { rows: data.map((d, i) => ({ line: i + 1, data: (d ?? {}) as Record<string, unknown> })), problems: [] };
  }
  try {
    const records = parseCsv(text, { columns: (h: string[]) => h.map((c) => c.trim()), skip_empty_lines: true, trim: true, bom: true, info: true, relax_column_count: true }) as {
      record: Record<string, string>;
      info: { lines: number };
    }[];
    return { rows: records.map((r) => ({ line: r.info.lines, data: r.record })), problems: [] };
  } catch (err) {
    return { rows: [], problems: [{ line: (err as { lines?: number }).lines ?? 1, problem: `not valid CSV (${(err as Error).message})` }] };
  }
}

const list = z
  .union([z.array(z.string()), z.string()])
  .optional()
  .transform((v) => (Array.isArray(v) ? v : (v ?? '').split(/[;|]/)).map((s) => s.trim()).filter(Boolean));
const optionalText = (max: number) =>
  z
    .string()
    .max(max)
    .optional()
    .transform((v) => (v?.trim() ? v.trim() : undefined));

/** A person: their Entra object id, or only their email (resolved through Graph, or when they first message the bot). */
export const personRowSchema = z
  .object({
    aadObjectId: optionalText(100),
    name: optionalText(200),
    email: optionalText(320).refine((e) => !e || /^[^@\s]+@[^@\s]+$/.test(e), 'email is not an address'),
    manager: optionalText(320),
    roles: list.refine((rs) => rs.every((r) => (ROLES as readonly string[]).includes(r)), `roles must be among ${ROLES.join(', ')}`),
  })
  .refine((r) => !!r.aadObjectId || !!r.email, { message: 'aadObjectId or email is required', path: ['aadObjectId'] });

export const partnerRowSchema = z.object({
  name: z.string().trim().min(1, 'name is required').max(200),
  aliases: list,
  salesDirectors: list,
});

export function validateRows<T>(rows: ImportRow[], schema: z.ZodType<T, z.ZodTypeDef, unknown>): { good: { line: number; row: T }[]; problems: RowProblem[] } {
  const good: { line: number; row: T }[] = [];
  const problems: RowProblem[] = [];
  for (const r of rows) {
    const parsed = schema.safeParse(r.data);
    if (parsed.success) good.push({ line: r.line, row: parsed.data });
    else problems.push({ line: r.line, problem: parsed.error.issues.map((i) => `${i.path.join('.') || 'row'}: ${i.message}`).join('; ') });
  }
  return { good, problems };
}

export interface FileInfo {
  downloadUrl: string;
  fileType: string;
  name: string;
}

export function attachedFile(attachments: readonly { contentType?: string; content?: unknown; name?: string }[] | undefined): FileInfo | undefined {
  const a = (attachments ?? []).find((x) => x.contentType === 'application/vnd.microsoft.teams.file.download.info');
  const content = a?.content as { downloadUrl?: string; fileType?: string } | undefined;
  if (!a || !content?.downloadUrl) return undefined;
  return { downloadUrl: content.downloadUrl, fileType: content.fileType ?? '', name: a.name ?? 'file' };
}

/** Downloads the file Teams stored for us (a pre-authorised URL), refusing anything over the limit. */
export async function download(file: FileInfo): Promise<string> {
  const res = await fetch(file.downloadUrl, { signal: AbortSignal.timeout(15_000) });
  if (!res.ok) throw new Error(`download failed with HTTP ${res.status}`);
  const length = Number(res.headers.get('content-length') ?? '0');
  if (length > MAX_IMPORT_BYTES) throw new Error(`the file is larger than ${MAX_IMPORT_BYTES / 1024} KB`);
  const body = Buffer.from(await res.arrayBuffer());
  if (body.length > MAX_IMPORT_BYTES) throw new Error(`the file is larger than ${MAX_IMPORT_BYTES / 1024} KB`);
  return body.toString('utf8');
}
