// Installs the app for a person who never opened it and finds the 1:1 chat that opens, as Microsoft's Company
// Communicator does (README "Reaching people"): POST /users/{id}/teamwork/installedApps with the catalog app, then
// the installation's chat. Application permission TeamsAppInstallation.ReadWriteForUser.All (docs/deploy.md).
import type { GraphClient } from './client';
import { odataString } from './client';

export type InstallResult = { ok: true; chatId: string } | { ok: false; status: number; message: string };

export class GraphAppInstaller {
  constructor(
    private readonly graph: GraphClient,
    /** The app's id in the organisation's catalog (TEAMS_APP_CATALOG_ID). */
    private readonly catalogAppId: string,
  ) {}

  async install(userId: string): Promise<InstallResult> {
    const user = `/users/${encodeURIComponent(userId)}/teamwork/installedApps`;
    const added = await this.graph.post(user, { 'teamsApp@odata.bind': `${this.graph.baseUrl}/appCatalogs/teamsApps/${encodeURIComponent(this.catalogAppId)}` });
    // 409: installed already (by them, or an earlier attempt): its chat is what we need.
    if (!added.ok && added.status !== 409) return { ok: false, status: added.status, message: added.message };
    const filter = encodeURIComponent(`teamsApp/id eq ${odataString(this.catalogAppId)}`);
    const found = await this.graph.get<{ value?: { id?: string }[] }>(`${user}?$expand=teamsApp&$filter=${filter}`);
    if (!found.ok) return { ok: false, status: found.status, message: found.message };
    const installationId = found.body.value?.[0]?.id;
    if (!installationId) return { ok: false, status: 404, message: 'The app is not installed for them after all.' };
    const chat = await this.graph.get<{ id?: string }>(`${user}/${encodeURIComponent(installationId)}/chat`);
    if (!chat.ok) return { ok: false, status: chat.status, message: chat.message };
    return chat.body.id ? { ok: true, chatId: chat.body.id } : { ok: false, status: 404, message: 'Graph gave no chat for the installation.' };
  }
}
