// Partner health in Azure Table Storage: one partition per partner in the health table. Row keys:
//   state              the health state derived from the events (carries the ETag)
//   e|<version:10>     one event, written once, never updated or deleted
// The events of one change and the state row go in one entity-group transaction, conditional on the ETag read:
// of two people recording at the same moment, one wins and the other's change is decided again on the new state.
import type { TableClient, TransactionAction } from '@azure/data-tables';
import { odata } from '@azure/data-tables';
import type { HealthEvent, HealthState } from '../domain';
import type { HealthCommit, HealthStore, StoredHealth } from './ports';
import type { Row, StoredRow } from './entities';
import { assertFits, jsonProps, keyOf, listRows, pad, readJson, readRow } from './entities';
import { guard, movedOn } from './errors';
import { submitTransaction } from './wire';

export const HEALTH_STATE_KEY = 'state';
const EVENT_PREFIX = 'e|';
const KIND_STATE = 'health-state';
const KIND_EVENT = 'health-event';

const partitionOf = (partnerId: string): string => keyOf(partnerId);
const eventKey = (version: number): string => `${EVENT_PREFIX}${pad(version, 10)}`;

function stateRow(state: HealthState): Row {
  const row: Row = {
    partitionKey: partitionOf(state.partnerId),
    rowKey: HEALTH_STATE_KEY,
    kind: KIND_STATE,
    partnerId: state.partnerId,
    version: state.version,
    ...jsonProps('json', state),
  };
  assertFits(row, `The health of ${state.partnerId}`);
  return row;
}

function eventRow(partnerId: string, version: number, event: HealthEvent): Row {
  const row: Row = {
    partitionKey: partitionOf(partnerId),
    rowKey: eventKey(version),
    kind: KIND_EVENT,
    version,
    type: event.type,
    at: event.at,
    actor: event.actor,
    ...jsonProps('json', event),
  };
  assertFits(row, `Health event ${version} of ${partnerId}`);
  return row;
}

export class TableHealthStore implements HealthStore {
  constructor(private readonly table: TableClient) {}

  async get(partnerId: string): Promise<StoredHealth | undefined> {
    const row = await readRow(this.table, partitionOf(partnerId), HEALTH_STATE_KEY);
    return row ? { state: readJson<HealthState>(row, 'json'), etag: row.etag } : undefined;
  }

  async events(partnerId: string): Promise<HealthEvent[]> {
    const rows = await listRows(this.table, odata`PartitionKey eq ${partitionOf(partnerId)} and RowKey ge ${EVENT_PREFIX} and RowKey lt ${'e}'}`);
    return rows.map((r) => readJson<HealthEvent>(r, 'json'));
  }

  async commit(commit: HealthCommit): Promise<StoredHealth> {
    const { partnerId, state, events } = commit;
    if (state.partnerId !== partnerId) throw new TypeError(`Health commit for ${partnerId} carries the state of ${state.partnerId}.`);
    const first = state.version - events.length + 1;
    if (events.length === 0 || first < 1 || (commit.etag === undefined && first !== 1)) {
      throw new TypeError(`Health of ${partnerId}: ${events.length} events cannot lead to version ${state.version}.`);
    }
    const stateEntity = stateRow(state);
    const actions: TransactionAction[] = [
      commit.etag === undefined ? ['create', stateEntity] : ['update', stateEntity, 'Replace', { etag: commit.etag }],
      ...events.map((e, i): TransactionAction => ['create', eventRow(partnerId, first + i, e)]),
    ];
    const response = await guard(`recording the health of ${partnerId}`, () => submitTransaction(this.table, actions), (status) =>
      status === 409 || status === 412 ? movedOn('Someone recorded something on this partner at the same moment.') : undefined,
    );
    const etag = response.subResponses[0]?.etag?.trim() || (await this.etagOf(partnerId, state.version));
    return { state, etag };
  }

  async all(): Promise<HealthState[]> {
    const rows = await listRows(this.table, odata`RowKey eq ${HEALTH_STATE_KEY}`);
    return rows.map((r: StoredRow) => readJson<HealthState>(r, 'json'));
  }

  /** When the transaction response lacks the state row's ETag: read it (a stale one makes the next commit lose). */
  private async etagOf(partnerId: string, version: number): Promise<string> {
    const row = await readRow(this.table, partitionOf(partnerId), HEALTH_STATE_KEY);
    return row && Number(row.version) === version ? row.etag : 'stale';
  }
}
