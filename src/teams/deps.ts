// What the Teams handlers are given; built once in main.ts.
import type { TeamsAdapter } from '@microsoft/teams-ai/lib/TeamsAdapter';
import type { Config } from '../config';
import type { Logger } from '../log';
import type { CaseService } from '../service/caseService';
import type { HealthService } from '../service/healthService';
import type { Clock } from '../service/clock';
import type { PartnerIndex } from '../service/partnerIndex';
import type { Stores } from '../storage/ports';
import type { SpottingStore } from '../storage/spotting.table';
import type { EmailLinks } from './email';
import type { Messenger } from './messenger';
import type { GraphClient } from '../graph/client';
import type { Reachability } from './reach';
import type { Reply } from './reply';

export interface BotDeps {
  config: Config;
  adapter: TeamsAdapter;
  stores: Stores;
  service: CaseService;
  health: HealthService;
  messenger: Messenger;
  reply: Reply;
  emailLinks: EmailLinks;
  clock: Clock;
  log: Logger;
  /** Partner names and aliases in memory: the spotter and the message-action guess read it, never storage. */
  partnerIndex: PartnerIndex;
  /** What the red-flag spotter remembers: channels turned off, the day's suggestions, muted partners. */
  spotting: SpottingStore;
  /** Who the bot cannot reach, and what is held for them (README "Reaching people"). */
  reach: Reachability;
  /** Microsoft Graph, when configured (GRAPH_ENABLED): `org import` resolves email-only rows through it. */
  graph?: GraphClient;
}
