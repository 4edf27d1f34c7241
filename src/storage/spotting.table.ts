// What the red-flag spotter remembers (README "Spotting red flags in syncs"), in its own table: channels where
// admins turned it off, the one suggestion per partner per conversation per day (and whether it was dismissed),
// and the partners a person asked not to hear about in a conversation. Never a message's text.
import type { TableClient } from '@azure/data-tables';
import type { Row } from './entities';
import { createIfAbsent, deleteIfPresent, keyOf, readModifyWrite, readRow } from './entities';

const OFF = 'off';
const MUTED = 'muted';
const dayPartition = (day: string) => `day-${day}`;

export interface SpottingSuggestion {
  /** yyyy-mm-dd in TIME_ZONE. */
  day: string;
  /** The channel (without its thread) or chat. */
  conversationKey: string;
  partnerId: string;
  /** Who the suggestion went to. */
  userId: string;
  at: string;
  triggers: string[];
}

/** The spotter's port; TableSpottingStore below is its only adapter. */
export interface SpottingStore {
  isOff(conversationKey: string): Promise<boolean>;
  /** Turns spotting off in a conversation; false when it already was. */
  turnOff(conversationKey: string, by: string, at: string): Promise<boolean>;
  /** Turns it back on; false when it was not off. */
  turnOn(conversationKey: string): Promise<boolean>;
  /** Claims the day's one suggestion for a partner in a conversation; false when one was made already (by any instance). */
  claimSuggestion(suggestion: SpottingSuggestion): Promise<boolean>;
  /** "Not this": the day's suggestion is marked dismissed, by whom. */
  dismiss(day: string, conversationKey: string, partnerId: string, by: string, at: string): Promise<void>;
  /** "Not for this partner": this person hears no more about the partner in this conversation. */
  mute(userId: string, conversationKey: string, partnerId: string, at: string): Promise<void>;
  isMuted(userId: string, conversationKey: string, partnerId: string): Promise<boolean>;
}

export class TableSpottingStore implements SpottingStore {
  constructor(private readonly table: TableClient) {}

  async isOff(conversationKey: string): Promise<boolean> {
    return !!(await readRow(this.table, OFF, keyOf(conversationKey)));
  }

  turnOff(conversationKey: string, by: string, at: string): Promise<boolean> {
    return createIfAbsent(this.table, { partitionKey: OFF, rowKey: keyOf(conversationKey), conversationKey, by, at });
  }

  turnOn(conversationKey: string): Promise<boolean> {
    return deleteIfPresent(this.table, OFF, keyOf(conversationKey));
  }

  claimSuggestion(s: SpottingSuggestion): Promise<boolean> {
    const row: Row = {
      partitionKey: dayPartition(s.day),
      rowKey: keyOf(`${s.conversationKey}|${s.partnerId}`),
      conversationKey: s.conversationKey,
      partnerId: s.partnerId,
      userId: s.userId,
      at: s.at,
      triggers: s.triggers.join(','),
      status: 'suggested',
    };
    return createIfAbsent(this.table, row);
  }

  async dismiss(day: string, conversationKey: string, partnerId: string, by: string, at: string): Promise<void> {
    await readModifyWrite(this.table, dayPartition(day), keyOf(`${conversationKey}|${partnerId}`), 'a spotting suggestion', (current) =>
      current ? { ...current, status: 'dismissed', dismissedBy: by, dismissedAt: at } as Row : undefined,
    );
  }

  async mute(userId: string, conversationKey: string, partnerId: string, at: string): Promise<void> {
    await createIfAbsent(this.table, { partitionKey: MUTED, rowKey: keyOf(`${userId}|${conversationKey}|${partnerId}`), userId, conversationKey, partnerId, at });
  }

  async isMuted(userId: string, conversationKey: string, partnerId: string): Promise<boolean> {
    return !!(await readRow(this.table, MUTED, keyOf(`${userId}|${conversationKey}|${partnerId}`)));
  }
}
