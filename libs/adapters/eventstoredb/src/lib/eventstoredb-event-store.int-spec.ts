import { eventStoreContract } from '@credit-bank/testing';
import { EventStoreDbEventStore } from './eventstoredb-event-store';
import { EVENTSTORE_IMAGE, eventStoreDbAvailability } from './eventstoredb-test-server';

/**
 * The shared event-store contract against a real EventStoreDB: EVENTSTORE_URL if set, else a
 * container (testcontainers) when a Docker engine is available, else skipped — reported by jest as
 * skipped, with the reason printed.
 */
const availability = eventStoreDbAvailability();

if (availability.kind === 'none') {
  console.warn(`EventStoreDB contract suite SKIPPED: ${availability.reason}.`);
}

const describeWithEventStore = availability.kind === 'none' ? describe.skip : describe;

describeWithEventStore(`EventStoreDbEventStore against ${availability.kind === 'url' ? 'EVENTSTORE_URL' : EVENTSTORE_IMAGE}`, () => {
  let connectionString: string;
  let stopContainer: (() => Promise<unknown>) | undefined;

  beforeAll(async () => {
    if (availability.kind === 'url') {
      connectionString = availability.url;
      return;
    }
    const { GenericContainer, Wait } = await import('testcontainers');
    const container = await new GenericContainer(EVENTSTORE_IMAGE)
      .withEnvironment({ EVENTSTORE_INSECURE: 'true', EVENTSTORE_MEM_DB: 'true', EVENTSTORE_RUN_PROJECTIONS: 'None', EVENTSTORE_CLUSTER_SIZE: '1' })
      .withExposedPorts(2113)
      .withWaitStrategy(Wait.forHttp('/health/live', 2113).forStatusCode(204))
      .start();
    stopContainer = () => container.stop();
    connectionString = `esdb://${container.getHost()}:${container.getMappedPort(2113)}?tls=false`;
  }, 180_000);

  afterAll(async () => {
    await stopContainer?.();
  });

  eventStoreContract(
    'EventStoreDbEventStore',
    async () => {
      const store = new EventStoreDbEventStore({ connectionString });
      return { store, cleanup: () => store.close() };
    },
    // Positions are commit positions: byte offsets in the log, increasing but not consecutive.
    { contiguousPositions: false },
  );
});
