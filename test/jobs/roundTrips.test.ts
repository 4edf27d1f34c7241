// Storage round trips of the jobs' own work, counted by the bench's loopback proxy in front of the shared
// Azurite: the numbers `npm run bench` reports must not drift. Around `tickCase` (the service's, not pinned
// here) a timers run adds one index query, one state check and one final query; an idle run is one query.
import { measureRoundTrips } from '../../bench/roundTrips';
import { newPrefix } from './support';
import { testConnectionString } from '../support/storage';

describe('storage round trips', () => {
  it('stay what the bench reports', async () => {
    const port = Number(/TableEndpoint=http:\/\/127\.0\.0\.1:(\d+)\//.exec(testConnectionString())?.[1]);
    const counts = Object.fromEntries((await measureRoundTrips(port, newPrefix('rt'))).map((r) => [r.operation, r.requests]));
    expect(counts['runDueTimers: one due case']).toBe(counts['tickCase: one due reminder']! + 3);
    // A health click reads by key: the partner, its health, its latest case, the people around it; one commit.
    expect(counts['health click: log an interaction (300 more people, 50 more partners)']).toBe(counts['health click: log an interaction (small org)']);
    expect(counts).toMatchObject({
      'runDueTimers: nothing due': 1,
      'digest claim (createEntity)': 1,
      'digest claim lost (409)': 1,
      // The partners' health states (one query) and the channel's scope (one point read) since partner health.
      'digest weekly run: one channel, two partners': 10,
      'digest weekly run: nothing left to send': 3,
    });
  });
});
