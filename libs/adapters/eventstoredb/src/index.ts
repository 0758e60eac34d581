export { EventStoreDbEventStore, type EventStoreDbEventStoreOptions } from './lib/eventstoredb-event-store';
export {
  afterToReadPosition,
  checkExpectedRevision,
  isSystemEvent,
  MAX_POSITION,
  positionToNumber,
  toEsdbExpectedRevision,
  toEventData,
  toKernelError,
  toRecordedEvent,
} from './lib/esdb-mapping';
