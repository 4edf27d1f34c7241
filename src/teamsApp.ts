// The Teams app's own id (the manifest's `id`) and its link in Teams: the package script writes the id into the
// manifest, and the bot offers the link to people it cannot reach yet (README "Reaching people").
import { createHash } from 'node:crypto';

/** Fixed namespace for the Teams app id derived from the bot id (UUID v5), so rebuilding keeps the same app. */
const APP_ID_NAMESPACE = '6f1d3c2a-8a5e-4c47-9a55-2f0b7d8e4c11';
export const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A name-based (v5) UUID: the same bot id always gives the same Teams app id. */
export function deriveTeamsAppId(botId: string): string {
  const ns = Buffer.from(APP_ID_NAMESPACE.replace(/-/g, ''), 'hex');
  const hash = createHash('sha1').update(ns).update(botId.trim().toLowerCase(), 'utf8').digest();
  const b = hash.subarray(0, 16);
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x50;
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** The app's id in Teams: TEAMS_APP_ID, else the one the package script derives from the bot id; none in local mode. */
export function teamsAppIdOf(env: { TEAMS_APP_ID: string; MicrosoftAppId: string }): string | undefined {
  if (env.TEAMS_APP_ID) return env.TEAMS_APP_ID.toLowerCase();
  return GUID.test(env.MicrosoftAppId) ? deriveTeamsAppId(env.MicrosoftAppId) : undefined;
}

/** Opens the app in Teams, ready to add (a deep link anyone in the tenant can follow). */
export function installLinkOf(teamsAppId: string | undefined): string | undefined {
  return teamsAppId ? `https://teams.microsoft.com/l/app/${teamsAppId}` : undefined;
}
