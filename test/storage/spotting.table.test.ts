// What the red-flag spotter remembers, on real Azurite: channels turned off, one suggestion per partner per
// conversation per day (whichever instance claims it first), dismissals and muted partners.
import type { TableStorage } from '../../src/storage';
import { at, openStorage } from './fixtures';

let storage: TableStorage;

beforeAll(async () => {
  storage = await openStorage('spotting');
});

const CHANNEL = '19:partner-sync@thread.tacv2';
const suggestion = (partnerId: string, day = '2026-11-02', userId = 'ivy') => ({ day, conversationKey: CHANNEL, partnerId, userId, at: at(0), triggers: ['poor-communication'] });

describe('the spotting store', () => {
  it('switches a conversation off and on, saying whether anything changed', async () => {
    expect(await storage.spotting.isOff(CHANNEL)).toBe(false);
    expect(await storage.spotting.turnOff(CHANNEL, 'ada', at(0))).toBe(true);
    expect(await storage.spotting.turnOff(CHANNEL, 'ada', at(1))).toBe(false);
    expect(await storage.spotting.isOff(CHANNEL)).toBe(true);
    expect(await storage.spotting.isOff('19:other@thread.tacv2')).toBe(false);
    expect(await storage.spotting.turnOn(CHANNEL)).toBe(true);
    expect(await storage.spotting.turnOn(CHANNEL)).toBe(false);
  });

  it('lets exactly one of many simultaneous claims have the day\'s suggestion for a partner', async () => {
    const claims = await Promise.all(Array.from({ length: 5 }, (_, i) => storage.spotting.claimSuggestion(suggestion('contoso', '2026-11-02', `user${i}`))));
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect(await storage.spotting.claimSuggestion(suggestion('fabrikam'))).toBe(true);
    expect(await storage.spotting.claimSuggestion(suggestion('contoso', '2026-11-03'))).toBe(true);
  });

  it('marks a suggestion dismissed, and remembers a muted partner per person and conversation', async () => {
    await storage.spotting.dismiss('2026-11-02', CHANNEL, 'contoso', 'manny', at(2));
    await storage.spotting.dismiss('2026-11-09', CHANNEL, 'nobody', 'manny', at(2)); // nothing to dismiss: no error
    expect(await storage.spotting.isMuted('manny', CHANNEL, 'contoso')).toBe(false);
    await storage.spotting.mute('manny', CHANNEL, 'contoso', at(3));
    await storage.spotting.mute('manny', CHANNEL, 'contoso', at(4));
    expect(await storage.spotting.isMuted('manny', CHANNEL, 'contoso')).toBe(true);
    expect(await storage.spotting.isMuted('vera', CHANNEL, 'contoso')).toBe(false);
    expect(await storage.spotting.isMuted('manny', '19:other@thread.tacv2', 'contoso')).toBe(false);
  });
});
