// The pieces of delivery that decide when a ping may go out again.
import { backoffMs } from '../../src/teams/dispatcher';
import { parseRetryAfter, toSendFailure } from '../../src/teams/messenger';
import { CONVERSATION_WINDOWS, SlidingWindowLimiter, TENANT_WINDOWS } from '../../src/teams/rateLimiter';

describe("Teams' send limits", () => {
  const keys = (conversation: string, tenant = 't1') => [
    { key: conversation, windows: CONVERSATION_WINDOWS },
    { key: tenant, windows: TENANT_WINDOWS },
  ];

  it('lets 7 messages a second into one conversation, and says how long the 8th must wait', () => {
    const limiter = new SlidingWindowLimiter();
    for (let i = 0; i < 7; i++) expect(limiter.acquire(keys('c1'), 1_000 + i)).toBe(0);
    expect(limiter.acquire(keys('c1'), 1_010)).toBe(1_000 - 10);
    expect(limiter.acquire(keys('c1'), 2_000)).toBe(0);
  });

  it('caps a conversation at 60 messages in 30 seconds', () => {
    const limiter = new SlidingWindowLimiter();
    let now = 0;
    for (let sent = 0; sent < 60; ) {
      if (limiter.acquire(keys('c1'), now) === 0) sent += 1;
      else now += 200;
    }
    const wait = limiter.acquire(keys('c1'), now);
    expect(wait).toBeGreaterThan(0);
    expect(limiter.acquire(keys('c1'), now + wait)).toBe(0);
  });

  it('caps a tenant at 50 a second across conversations, and other tenants are unaffected', () => {
    const limiter = new SlidingWindowLimiter();
    for (let i = 0; i < 50; i++) expect(limiter.acquire(keys(`c${i}`), 5_000)).toBe(0);
    expect(limiter.acquire(keys('c-new'), 5_000)).toBeGreaterThan(0);
    expect(limiter.acquire(keys('c-new', 't2'), 5_000)).toBe(0);
  });

  it('counts a send from when it finished, so a slow send never lets the next window open before Teams’ does', () => {
    const limiter = new SlidingWindowLimiter();
    for (let i = 0; i < 7; i++) expect(limiter.acquire(keys('c1'), 0)).toBe(0);
    // The seven took 300 ms to reach Teams and be answered.
    for (let i = 0; i < 7; i++) limiter.settle(keys('c1'), 0, 300);
    expect(limiter.acquire(keys('c1'), 1_000)).toBe(300);
    expect(limiter.acquire(keys('c1'), 1_300)).toBe(0);
  });

  it('does not count a refused send', () => {
    const limiter = new SlidingWindowLimiter();
    for (let i = 0; i < 7; i++) limiter.acquire(keys('c1'), 0);
    for (let i = 0; i < 100; i++) limiter.acquire(keys('c1'), 10);
    expect(limiter.acquire(keys('c1'), 1_000)).toBe(0);
  });
});

describe('retry timing', () => {
  it('backs off exponentially with jitter between half and all of the ceiling, capped at 10 minutes', () => {
    expect(backoffMs(1, () => 0)).toBe(1_000);
    expect(backoffMs(1, () => 1)).toBe(2_000);
    expect(backoffMs(4, () => 0.5)).toBe(12_000);
    expect(backoffMs(30, () => 1)).toBe(600_000);
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    expect(parseRetryAfter('3', 0)).toBe(3_000);
    expect(parseRetryAfter('Thu, 26 Nov 2026 10:00:05 GMT', Date.parse('2026-11-26T10:00:00Z'))).toBe(5_000);
    expect(parseRetryAfter('soon', 0)).toBeUndefined();
  });

  it('treats 429 and 5xx as worth retrying, 403 and 404 as final, and keeps the Teams error code', () => {
    const err = (status: number, code?: string, retryAfter?: string) => ({
      statusCode: status,
      message: 'x',
      details: code ? { error: { code } } : undefined,
      response: { headers: { get: (h: string) => (h === 'retry-after' ? retryAfter : undefined) } },
    });
    expect(toSendFailure(err(429, 'Throttled', '2'), 0)).toMatchObject({ permanent: false, retryAfterMs: 2_000, code: 'Throttled' });
    expect(toSendFailure(err(502), 0)).toMatchObject({ permanent: false, status: 502 });
    expect(toSendFailure(err(403, 'ConversationBlockedByUser'), 0)).toMatchObject({ permanent: true, code: 'ConversationBlockedByUser' });
    expect(toSendFailure(err(404), 0)).toMatchObject({ permanent: true });
    const blocked = { statusCode: 403, message: '{"subCode":"MessageWritesBlocked","message":"blocked"}' };
    expect(toSendFailure(blocked, 0)).toMatchObject({ permanent: true, code: 'MessageWritesBlocked' });
    expect(toSendFailure(new Error('socket hang up'), 0)).toMatchObject({ permanent: false, status: 0 });
  });
});
