export { eventStoreContract, newTestEvent, newTestEvents, type EventStoreContractOptions, type EventStoreFactory, type EventStoreUnderTest } from './lib/event-store.contract';
export { readStoreContract, type ReadStoreFactory, type ReadStoreUnderTest } from './lib/read-store.contract';
export { blobStoreContract, readAll, type BlobStoreFactory, type BlobStoreUnderTest } from './lib/blob-store.contract';
export { busContract, BUS_CONTRACT_PATTERNS, type BusContractOptions, type BusFactory, type BusUnderTest } from './lib/bus.contract';
export {
  kafkaBrokers,
  mongoUri,
  eventStoreUrl,
  serverAvailable,
  unavailableReason,
  serversRequired,
  describeWithServer,
  describeWithKafka,
  describeWithMongo,
  describeWithEventStore,
  uniqueName,
  SERVER_ENV,
  REQUIRED_SERVERS,
  type ServerKind,
} from './lib/servers';
export { subjectKeyStoreContract, type SubjectKeyStoreFactory, type SubjectKeyStoreUnderTest } from './lib/subject-key-store.contract';
export {
  PNG_EVIDENCE,
  JPEG_EVIDENCE,
  GIF_EVIDENCE,
  PDF_EVIDENCE,
  THREE_BYTE_JPEG,
  APPENDED_HTML,
  PNG_WITH_APPENDED_HTML,
  hostilePdf,
  type HostilePdfKind,
} from './lib/evidence-files';
