// The Bot Framework adapter and its error handler. With an app id, botbuilder checks every request's token
// (401 without a valid one); without one (local mode) it checks nothing, so the server binds to loopback.
import { CallerIdConstants, CloudAdapter, ConfigurationBotFrameworkAuthentication, ConfigurationServiceClientCredentialFactory, TurnContext } from 'botbuilder';
import type { ConfigurationBotFrameworkAuthenticationOptions } from 'botbuilder';
import { AuthenticationConstants } from 'botframework-connector';
import type { ClaimsIdentity, ConnectorClient, ConnectorFactory } from 'botframework-connector';
// The module itself, not the package index, which also loads the OpenAI client and tokenizers (start-up time).
import { TeamsAdapter } from '@microsoft/teams-ai/lib/TeamsAdapter';
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

/**
 * With `BotOpenIdMetadata` set, the public cloud's settings with the signing keys read from there (botbuilder
 * needs every endpoint named once one is). Incoming tokens, from Teams or the emulator path, are checked against it.
 */
function authSettings(config: Config): ConfigurationBotFrameworkAuthenticationOptions {
  const metadata = config.env.BotOpenIdMetadata;
  if (!metadata) return {};
  return {
    ValidateAuthority: true,
    ToChannelFromBotLoginUrl: AuthenticationConstants.ToChannelFromBotLoginUrl,
    ToChannelFromBotOAuthScope: AuthenticationConstants.ToChannelFromBotOAuthScope,
    ToBotFromChannelTokenIssuer: AuthenticationConstants.ToBotFromChannelTokenIssuer,
    OAuthUrl: AuthenticationConstants.OAuthUrl,
    ToBotFromChannelOpenIdMetadataUrl: metadata,
    ToBotFromEmulatorOpenIdMetadataUrl: metadata,
    CallerId: CallerIdConstants.PublicAzureChannel,
  };
}

export function createAdapter(config: Config, log: Logger): TeamsAdapter {
  const adapter = new TeamsAdapter(authSettings(config), credentialsOf(config));
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

interface Captured {
  status: number;
  body?: unknown;
  headers: Array<[string, unknown]>;
}

/** Fetching the signing keys failed (network, their server): logged at error level once until a request gets in again. */
let keysFailing = false;

/**
 * POST /api/messages through the adapter, with what botbuilder answers on failure made safe: a request whose token
 * cannot be validated (missing, forged, expired, another issuer or audience, or keys that cannot be fetched) is 401
 * with no detail; a turn that threw is 500 without its message. botbuilder answers 500 with the error's text
 * (naming the OpenID URL) for some of these.
 */
export async function processActivity(
  adapter: TeamsAdapter,
  req: { body?: unknown; headers: Record<string, unknown>; method?: string },
  res: { header(name: string, value: unknown): unknown; status(code: number): unknown; send(body?: unknown): unknown; end(): unknown },
  logic: (context: TurnContext) => Promise<void>,
  log: Logger,
): Promise<void> {
  const captured: Captured = { status: 200, headers: [] };
  const proxy = {
    status(code: number) {
      captured.status = code;
      return proxy;
    },
    send(body: unknown) {
      captured.body = body;
      return proxy;
    },
    header(name: string, value: unknown) {
      captured.headers.push([name, value]);
      return proxy;
    },
    end() {
      return proxy;
    },
  };
  const finish = (status: number, body?: unknown) => {
    res.status(status);
    if (body !== undefined && body !== null && body !== '') res.send(body);
    res.end();
  };
  let admitted = false;
  await adapter.process(req as never, proxy as never, async (context) => {
    admitted = true;
    keysFailing = false;
    await logic(context);
  });
  if (!admitted && captured.status >= 400 && captured.status !== 400) {
    const reason = String((captured.body as { message?: unknown } | undefined)?.message ?? captured.body ?? '');
    if (/openID config|Load Keys|FetchError|ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|socket hang up|request to .* failed/i.test(reason)) {
      if (!keysFailing) log.error({ reason: reason.slice(0, 300) }, 'could not fetch the Bot Framework signing keys: requests are refused until they can be');
      keysFailing = true;
    } else {
      log.warn({ status: captured.status }, 'request refused: its token could not be validated');
    }
    finish(401, { error: 'Unauthorized.' });
    return;
  }
  if (captured.status >= 500 && !(typeof captured.body === 'object' && captured.body !== null)) {
    finish(captured.status, { error: 'The bot could not process this activity.' });
    return;
  }
  for (const [name, value] of captured.headers) res.header(name, value);
  finish(captured.status, captured.body);
}
