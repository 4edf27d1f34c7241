// Logs are JSON lines with a correlation id per turn and per outbox delivery, and never carry evidence text
// or secrets, even when a call site passes them by accident.
import type { TurnContext } from 'botbuilder';
import { loadConfig } from '../../src/config';
import { REDACTED, correlationIdOf, outboxLog, scrub, serializeError, setLogSink, turnLogger } from '../../src/log';
import type { OutboxItem } from '../../src/storage/ports';
import { createAdapter } from '../../src/teams/adapter';
import { OutboxDispatcher } from '../../src/teams/dispatcher';
import type { Messenger, SendResult } from '../../src/teams/messenger';
import { captureLogs } from './capture';

const EVIDENCE = 'Contoso said on the call that they will never staff the project, see the attached email';

function activity(overrides: Record<string, unknown> = {}) {
  return {
    id: 'f:1234567890',
    type: 'message',
    text: `flag contoso ${EVIDENCE}`,
    value: { summary: EVIDENCE },
    from: { id: '29:abc', aadObjectId: 'aad-reporter', name: 'Riley Reporter' },
    conversation: { id: 'a:conv-1', conversationType: 'personal', tenantId: 'tenant-1' },
    recipient: { id: '28:bot' },
    channelId: 'msteams',
    ...overrides,
  };
}

describe('turnLogger()', () => {
  it('binds the activity id as the correlation id, with where the turn came from, to every line', () => {
    const { log, lines } = captureLogs();
    const turn = turnLogger(log, activity());
    turn.info('handling flag');
    turn.warn({ partnerId: 'contoso' }, 'partner has an open case');
    expect(lines).toHaveLength(2);
    for (const line of lines) {
      expect(line).toMatchObject({
        correlationId: 'f:1234567890',
        activityType: 'message',
        conversationId: 'a:conv-1',
        conversationType: 'personal',
        tenantId: 'tenant-1',
        userId: 'aad-reporter',
        app: 'partner-fit',
      });
    }
    expect(lines[1]).toMatchObject({ level: 'warn', partnerId: 'contoso', msg: 'partner has an open case' });
    expect(typeof lines[0]!.time).toBe('string');
  });

  it('never binds the text, value or the sender name of the activity', () => {
    const { log, raw } = captureLogs();
    turnLogger(log, activity()).info('handling');
    expect(raw.join('')).not.toContain('Contoso said');
    expect(raw.join('')).not.toContain('Riley');
  });

  it('generates one id per activity without an id, the same for every call during that turn', () => {
    const a = activity({ id: undefined });
    const b = activity({ id: undefined });
    expect(correlationIdOf(a)).toMatch(/^[0-9a-f-]{36}$/);
    expect(correlationIdOf(a)).toBe(correlationIdOf(a));
    expect(correlationIdOf(a)).not.toBe(correlationIdOf(b));
    const { log, lines } = captureLogs();
    turnLogger(log, a).info('one');
    turnLogger(log, a).info('two');
    expect(lines[0]!.correlationId).toBe(lines[1]!.correlationId);
    expect(lines[0]!.correlationId).toBe(correlationIdOf(a));
  });
});

describe('onTurnError', () => {
  it('logs the failure with the turn correlation id and the error, and tells the user in a message turn', async () => {
    const { log, lines } = captureLogs();
    const adapter = createAdapter(loadConfig({}), log);
    const sendActivity = jest.fn().mockResolvedValue(undefined);
    const context = { activity: activity(), sendActivity } as unknown as TurnContext;
    await adapter.onTurnError(context, new Error('storage unavailable'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 'error',
      msg: 'turn failed',
      correlationId: 'f:1234567890',
      conversationId: 'a:conv-1',
      err: { type: 'Error', message: 'storage unavailable' },
    });
    expect(sendActivity).toHaveBeenCalledTimes(1);
  });

  it('keeps the correlation id on the line about a failed apology', async () => {
    const { log, lines } = captureLogs();
    const adapter = createAdapter(loadConfig({}), log);
    const context = { activity: activity(), sendActivity: jest.fn().mockRejectedValue(new Error('403 blocked')) } as unknown as TurnContext;
    await adapter.onTurnError(context, new Error('boom'));
    expect(lines.map((l) => [l.msg, l.correlationId])).toEqual([
      ['turn failed', 'f:1234567890'],
      ['could not tell the user about the error', 'f:1234567890'],
    ]);
  });
});

describe('redaction', () => {
  it('redacts evidence passed by accident in a logged object, at any depth', () => {
    const { log, raw, lines } = captureLogs();
    const command = {
      type: 'flag',
      partnerId: 'contoso',
      triggers: ['poor-communication'],
      evidence: [{ kind: 'email', summary: EVIDENCE, link: 'https://contoso.sharepoint.com/secret-thread' }],
    };
    log.info({ command }, 'command parsed');
    log.info({ outcome: { events: [{ type: 'flag-raised', evidence: [{ summary: EVIDENCE }] }] } }, 'deep');
    log.info({ a: { b: { c: { d: { summary: EVIDENCE } } } } }, 'deeper');
    log.info({ summary: EVIDENCE, text: EVIDENCE, comment: EVIDENCE, agreed: EVIDENCE, rationale: EVIDENCE }, 'top level');
    log.info({ activity: activity() }, 'whole activity');
    const all = raw.join('');
    expect(all).not.toContain('Contoso said');
    expect(all).not.toContain('sharepoint');
    expect(lines[0]).toMatchObject({ command: { type: 'flag', partnerId: 'contoso', triggers: ['poor-communication'], evidence: REDACTED } });
    expect(lines[3]).toMatchObject({ summary: REDACTED, text: REDACTED, comment: REDACTED, agreed: REDACTED, rationale: REDACTED });
    expect((lines[4]!.activity as Record<string, unknown>).id).toBe('f:1234567890');
  });

  it('redacts secrets and never logs an error request (its Authorization header) or response body', () => {
    const { log, raw, lines } = captureLogs();
    log.info({ env: { MicrosoftAppPassword: 'p@ss-w0rd', EMAIL_LINK_SECRET: 'link-secret-value', STORAGE_CONNECTION_STRING: 'AccountKey=abc123==' } }, 'settings');
    const restError = Object.assign(new Error('Forbidden'), {
      name: 'RestError',
      statusCode: 403,
      code: 'MessageWritesBlocked',
      request: { url: 'https://smba.trafficmanager.net/x', headers: { authorization: 'Bearer eyJhbGciOiJSUzI1NiJ9.secret' } },
      response: { bodyAsText: `{"text":"${EVIDENCE}"}` },
    });
    log.error({ err: restError }, 'send failed');
    log.warn({ nested: { error: restError } }, 'nested error');
    const all = raw.join('');
    for (const secret of ['p@ss-w0rd', 'link-secret-value', 'abc123', 'eyJhbGci', 'Contoso said']) expect(all).not.toContain(secret);
    expect(lines[1]!.err).toMatchObject({ type: 'RestError', message: 'Forbidden', statusCode: 403, code: 'MessageWritesBlocked' });
    expect((lines[2]!.nested as Record<string, unknown>).error).toMatchObject({ type: 'RestError', statusCode: 403 });
  });

  it('masks secrets inside strings: bearer tokens, signatures, account keys, email-link tokens', () => {
    const { log, raw, lines } = captureLogs();
    log.warn({ status: 405, path: '/email/eyJwIjoiY29udG9zbyJ9.c2lnbmF0dXJl', reason: 'MethodNotAllowedError' }, 'request refused');
    log.info({ url: 'https://partner-fit.example/email/abc.def?exp=1742515200&sig=4f1c0e8a9b2d' }, 'link');
    log.info({ header: 'Bearer eyJhbGciOiJSUzI1NiJ9.payload.sig', cs: 'DefaultEndpointsProtocol=https;AccountName=pf;AccountKey=c2VjcmV0a2V5==;EndpointSuffix=core.windows.net' }, 'strings');
    log.error({ err: new Error('GET https://x.example/api?code=oauth-code-123 failed with Bearer abc.def') }, 'error text');
    const all = raw.join('');
    for (const secret of ['eyJwIjoiY29udG9zbyJ9', '4f1c0e8a9b2d', 'eyJhbGciOiJSUzI1NiJ9', 'c2VjcmV0a2V5', 'oauth-code-123', 'abc.def']) expect(all).not.toContain(secret);
    expect(lines[0]!.path).toBe('/email/[redacted]');
    expect(lines[1]!.url).toBe('https://partner-fit.example/email/[redacted]?exp=1742515200&sig=[redacted]');
    expect(lines[2]!.cs).toContain('AccountName=pf;AccountKey=[redacted];');
  });

  it('scrub() copies (never mutates) and survives cycles', () => {
    const input: Record<string, unknown> = { kind: 'email', summary: EVIDENCE };
    input.self = input;
    const out = scrub(input) as Record<string, unknown>;
    expect(input.summary).toBe(EVIDENCE);
    expect(out).toEqual({ kind: 'email', summary: REDACTED, self: '[circular]' });
    expect(serializeError('not an error')).toBe('not an error');
  });

  it('the telemetry sink gets the line already redacted, and a failing sink never breaks logging', () => {
    const seen: string[] = [];
    const { log, lines } = captureLogs();
    try {
      setLogSink((line) => seen.push(line));
      log.info({ summary: EVIDENCE }, 'to the sink');
      setLogSink(() => {
        throw new Error('sink down');
      });
      expect(() => log.info('still logs')).not.toThrow();
    } finally {
      setLogSink(undefined);
    }
    expect(seen).toHaveLength(1);
    expect(seen[0]).not.toContain('Contoso said');
    expect(lines).toHaveLength(2);
  });
});

describe('outbox deliveries', () => {
  function item(outboxId: string): OutboxItem {
    return {
      partnerId: 'contoso',
      outboxId,
      notice: { kind: 'step-owner', caseId: 'contoso-1', to: 'aad-manager' } as unknown as OutboxItem['notice'],
      createdAt: '2026-01-05T09:00:00.000Z',
      status: 'pending',
      attempts: 0,
      notBefore: '2026-01-05T09:00:00.000Z',
      etag: 'W/"1"',
    };
  }

  function dispatcherWith(items: OutboxItem[], send: () => Promise<SendResult>, log: ReturnType<typeof captureLogs>['log']) {
    const messenger: Messenger = { sendToUser: send, sendToConversation: send, updateInConversation: send, postInChannel: send };
    return new OutboxDispatcher({
      outbox: {
        due: async () => items,
        update: async (it, change) => ({ ...it, ...change }),
        repairIndex: async () => 0,
        forCase: async () => [],
      },
      conversations: {} as never,
      messenger,
      render: async () => ({ target: { user: 'aad-manager' }, tenantId: 'tenant-1', activity: { type: 'message', text: EVIDENCE } }),
      clock: { now: () => new Date('2026-01-05T09:00:00.000Z') } as never,
      random: () => 0.5,
      log: outboxLog(log),
    });
  }

  it('each delivery line carries its outbox id as the correlation id', async () => {
    const { log, lines } = captureLogs();
    const results: SendResult[] = [
      { ok: true, conversationId: 'a:1', activityId: '1' },
      { ok: false, status: 429, retryAfterMs: 3000, permanent: false, message: 'Too many requests' },
      { ok: false, status: 403, code: 'MessageWritesBlocked', permanent: true, message: 'blocked' },
    ];
    const dispatcher = dispatcherWith([item('contoso-1|v1|000'), item('contoso-1|v1|001'), item('contoso-1|v1|002')], async () => results.shift()!, log);
    await dispatcher.runOnce();
    expect(lines.map((l) => [l.msg, l.correlationId, l.outboxId, l.level])).toEqual([
      ['outbox delivered', 'contoso-1|v1|000', 'contoso-1|v1|000', 'info'],
      ['outbox retry', 'contoso-1|v1|001', 'contoso-1|v1|001', 'info'],
      ['outbox failed', 'contoso-1|v1|002', 'contoso-1|v1|002', 'warn'],
    ]);
    expect(lines[1]).toMatchObject({ status: 429, delayMs: 3000, caseId: 'contoso-1' });
  });

  it('a delivery that throws is logged with its outbox id and still rethrows', async () => {
    const { log, lines, raw } = captureLogs();
    const dispatcher = dispatcherWith([item('contoso-1|v2|000')], async () => Promise.reject(new Error('socket hang up')), log);
    await expect(dispatcher.runOnce()).rejects.toThrow('socket hang up');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 'error', msg: 'outbox delivery threw', correlationId: 'contoso-1|v2|000', err: { message: 'socket hang up' } });
    expect(raw.join('')).not.toContain('Contoso said');
  });
});
