// The Bot Framework adapter and its error handler. With an app id, botbuilder checks every request's token
// (401 without a valid one); without one (local mode) it checks nothing, so the server binds to loopback.
import { CloudAdapter, ConfigurationBotFrameworkAuthentication, ConfigurationServiceClientCredentialFactory, TurnContext } from 'botbuilder';
import type { ClaimsIdentity, ConnectorClient, ConnectorFactory } from 'botframework-connector';
import { TeamsAdapter } from '@microsoft/teams-ai';
import type { Config } from '../config';
import type { Logger } from '../log';
import { turnLogger } from '../log';
import { StorageUnavailableError } from '../storage/errors';
import { answerUnansweredInvoke } from './reply';

/** What a person is told when their turn failed: never the error's own text (README "Reliability"). */
export function sorryFor(err: unknown): string {
  if (err instanceof StorageUnavailableError && err.outcomeUnknown) {
    return 'Storage did not answer in time, so this may not have been saved. Look at the case again in a minute before trying again.';
  }
  if (err instanceof StorageUnavailableError) return 'Could not save: storage is not answering, and nothing was recorded. Please try again in a moment.';
  return 'Sorry, something went wrong on our side and nothing was recorded. Please try again in a moment.';
}

function credentialsOf(config: Config) {
  const env = config.env;
  return new ConfigurationServiceClientCredentialFactory({
    MicrosoftAppId: env.MicrosoftAppId,
    MicrosoftAppPassword: env.MicrosoftAppPassword,
    MicrosoftAppType: env.MicrosoftAppType,
    MicrosoftAppTenantId: env.MicrosoftAppTenantId,
  });
}

/**
 * botbuilder's HTTP pipeline retries 429/5xx by itself with real waits. The outbox owns retries (with the
 * injectable clock, Retry-After and a record of each attempt), so its sends go through clients without that policy.
 */
class OutboxAuthentication extends ConfigurationBotFrameworkAuthentication {
  override createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    const inner = super.createConnectorFactory(claimsIdentity);
    return {
      create: async (serviceUrl: string, audience?: string): Promise<ConnectorClient> => {
        const client = await inner.create(serviceUrl, audience);
        (client as unknown as { client?: { pipeline?: { removePolicy(p: { name: string }): void } } }).client?.pipeline?.removePolicy({ name: 'defaultRetryPolicy' });
        return client;
      },
    } as ConnectorFactory;
  }
}

/** The adapter the outbox dispatcher sends through (proactive messages and card updates). */
export function createOutboxAdapter(config: Config): CloudAdapter {
  return new CloudAdapter(new OutboxAuthentication({}, credentialsOf(config)));
}

export function createAdapter(config: Config, log: Logger): TeamsAdapter {
  const adapter = new TeamsAdapter({}, credentialsOf(config));
  adapter.onTurnError = async (context: TurnContext, error: unknown) => {
    const err = error instanceof Error ? error : new Error(String(error));
    // The turn's correlation id (its activity id), type, conversation and tenant come from turnLogger.
    const turnLog = turnLogger(log, context.activity);
    turnLog.error({ err }, 'turn failed');
    const sorry = sorryFor(err);
    const tellFailed = (sendErr: unknown) => turnLog.error({ err: sendErr }, 'could not tell the user about the error');
    // Answer people only for messages and card clicks: an error in a background event must never spam a channel.
    if (context.activity.type === 'message') {
      await context.sendActivity(sorry).catch(tellFailed);
    } else if (context.activity.type === 'invoke' && context.activity.name === 'adaptiveCard/action') {
      // A click needs an invoke response (else Teams gets a 501 and shows a bare error). A message, not a card,
      // so the clicked card and what the person typed into it stay for another try.
      await answerUnansweredInvoke(context, sorry).catch(tellFailed);
    }
  };
  return adapter;
}
