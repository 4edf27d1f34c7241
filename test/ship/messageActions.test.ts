// The message action in the Teams app package (README "Flag a message"): one composeExtensions entry on the bot's
// own id, with the action commands of the verb catalog (context `message`, a dialog fetched from the bot), and the
// package script refuses a manifest that drifts from the catalog.
import './esmShim';
import { AppManifestUtils } from '@microsoft/app-manifest';
import { loadBundledSchema, messageActionsFromCatalog, policyProblems, renderManifest, validateManifest } from '../../scripts/manifest';
import { MESSAGE_ACTIONS } from '../../src/teams/verbs';

const ENV = { MicrosoftAppId: '00000000-0000-0000-0000-000000000001', PUBLIC_BASE_URL: 'https://example.azurewebsites.net' };

interface Extension {
  botId: string;
  commands: Array<{ id: string; type: string; title: string; context: string[]; fetchTask: boolean }>;
}

function rendered() {
  return renderManifest(ENV).manifest as unknown as { bots: { botId: string }[]; composeExtensions: Extension[]; $schema: string } & Record<string, unknown>;
}

describe('composeExtensions', () => {
  it('has the message actions of the verb catalog, answered by the bot, each fetching its dialog', () => {
    const m = rendered();
    expect(m.composeExtensions).toHaveLength(1);
    const [extension] = m.composeExtensions;
    expect(extension!.botId).toBe(m.bots[0]!.botId);
    expect(extension!.commands).toEqual(messageActionsFromCatalog());
    expect(extension!.commands.map((c) => [c.id, c.type, c.context, c.fetchTask])).toEqual(MESSAGE_ACTIONS.map((a) => [a.id, 'action', ['message'], true]));
    for (const c of extension!.commands) expect(c.title.length).toBeLessThanOrEqual(32);
  });

  it('validates against the official schema with the message action in it', async () => {
    expect(await validateManifest(rendered())).toEqual([]);
  });

  it('is refused when it drifts from the catalog or is answered by another bot', async () => {
    const m = rendered();
    const drifted = { ...m, composeExtensions: [{ ...m.composeExtensions[0]!, commands: [{ ...m.composeExtensions[0]!.commands[0]!, id: 'somethingElse' }] }] };
    expect(policyProblems(drifted)).toEqual([expect.stringMatching(/message actions differ from the verb catalog/)]);
    const otherBot = { ...m, composeExtensions: [{ ...m.composeExtensions[0]!, botId: '00000000-0000-0000-0000-000000000002' }] };
    expect(policyProblems(otherBot)).toEqual([expect.stringMatching(/bot's own id/)]);
    // The schema itself checks the command's shape: a message context needs a known value.
    const badContext = { ...m, composeExtensions: [{ ...m.composeExtensions[0]!, commands: [{ ...m.composeExtensions[0]!.commands[0]!, context: ['somewhere'] }] }] };
    const errors = await AppManifestUtils.validateAgainstSchema(badContext as never, loadBundledSchema(m.$schema) as never);
    expect(errors.length).toBeGreaterThan(0);
  });
});
