import { IntegrationEvent } from '@credit-bank/contracts';
import { EventStore, ReadStore, RecordedEvent, Subscription } from '@credit-bank/kernel';
import { Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { ClientProxy } from '@nestjs/microservices';
import { lastValueFrom } from 'rxjs';

/**
 * A bus client that can take a whole batch of integration events at once (the Kafka bus does):
 * resolves once every event was acknowledged, in the order given per key. Other clients get one
 * `emit` an event.
 */
export interface BatchPublisher {
  publishAll(events: ReadonlyArray<{ pattern: string; data: unknown }>): Promise<void>;
}

function isBatchPublisher(bus: unknown): bus is BatchPublisher {
  return typeof (bus as Partial<BatchPublisher>).publishAll === 'function';
}

/** Maps one of the service's stored events to its public integration event, or null to keep it private. */
export type IntegrationMapper = (event: RecordedEvent) => { topic: string; data: unknown } | null;

/** The integration event the relay publishes for a stored event (also used by audit replays). */
export function toIntegrationEvent(event: RecordedEvent, data: unknown): IntegrationEvent {
  return {
    type: event.type,
    schemaVersion: event.metadata.schemaVersion,
    eventId: event.metadata.eventId,
    streamId: event.streamId,
    revision: event.revision,
    position: event.position,
    occurredAt: event.metadata.occurredAt,
    correlationId: event.metadata.correlationId,
    data,
  };
}

/**
 * Publishes a service's integration events by following the event store from a stored checkpoint
 * (never by a second write in the command handler), so an appended event is published even if the
 * process dies in between. Delivery is at least once; consumers drop duplicates by `eventId`.
 */
/** Batches published and not yet acknowledged before the relay waits for the oldest. */
const MAX_IN_FLIGHT = 4;
/**
 * Least time between two checkpoint writes while events keep coming. A write per acknowledged
 * batch (40 for 20,000 events) kept one read-store upsert always in flight, its server's CPU taken
 * from the broker on the same cores; a crash republishes at most this much more (consumers drop
 * duplicates by `eventId`). The newest acknowledged position is written once the interval passed,
 * and at shutdown at once.
 */
const CHECKPOINT_INTERVAL_MS = 250;

export abstract class IntegrationRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(this.constructor.name);
  private subscription?: Subscription;
  private stopped = false;
  /** Each (re)start of the subscription; late callbacks of an earlier one are ignored. */
  private generation = 0;
  /** Waits for the batches on their way and the last checkpoint write (graceful shutdown). */
  private drain: () => Promise<void> = async () => undefined;
  private restartTimer?: NodeJS.Timeout;

  protected constructor(
    private readonly relayName: string,
    private readonly eventStore: EventStore,
    private readonly readStore: ReadStore,
    private readonly bus: ClientProxy | undefined,
    private readonly map: IntegrationMapper,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.bus) {
      this.logger.warn(`${this.relayName}: no bus client bound; integration events are not published`);
      return;
    }
    await this.follow(this.bus);
  }

  /** The read-store checkpoint of this relay: the position of the last event published. */
  get checkpointId(): string {
    return `relay:${this.relayName}`;
  }

  /**
   * Follows the store from the checkpoint. When publishing fails (the bus is down past its own
   * retries), the subscription stops; the relay starts again from the stored checkpoint after a
   * backoff, so publication catches up once the bus is back (events are published again at least
   * once, never skipped).
   */
  private async follow(bus: ClientProxy, failures = 0): Promise<void> {
    if (this.stopped) return;
    const generation = ++this.generation;
    const checkpointId = this.checkpointId;
    const after = await this.readStore.checkpoints.load(checkpointId);
    let stored = after;
    let acked = after;
    let writing: Promise<void> | undefined;
    let lastWrite = 0;
    let later: NodeJS.Timeout | undefined;
    let failed = false;
    const inFlight: Array<Promise<unknown>> = [];
    // Batches are acknowledged in the order they were read (the chain), so the checkpoint never
    // passes an event that is not yet on the bus.
    let chain: Promise<unknown> = Promise.resolve();

    const fail = (error: unknown) => {
      if (failed || generation !== this.generation) return;
      failed = true;
      if (later) clearTimeout(later);
      this.logger.error(`${this.relayName} stopped: ${error instanceof Error ? error.stack : String(error)}`);
      void this.subscription?.stop();
      this.restartLater(bus, failures);
    };
    // One checkpoint write at a time, always of the newest acknowledged position (coalesced), at
    // most one each CHECKPOINT_INTERVAL_MS unless `now` (shutdown).
    const flush = (now = false) => {
      if (writing || acked <= stored || failed) return;
      const wait = lastWrite + CHECKPOINT_INTERVAL_MS - performance.now();
      if (wait > 0 && !now) {
        later ??= setTimeout(() => {
          later = undefined;
          flush();
        }, wait);
        later.unref();
        return;
      }
      if (later) clearTimeout(later);
      later = undefined;
      lastWrite = performance.now();
      const target = acked;
      writing = this.readStore.checkpoints
        .store(checkpointId, target)
        .then(() => {
          stored = target;
          failures = 0;
        }, fail)
        .finally(() => {
          writing = undefined;
          if (!failed) flush();
        });
    };
    this.drain = async () => {
      await chain.catch(() => undefined);
      while (writing) await writing;
      flush(true);
      while (writing) await writing;
    };

    this.subscription = this.eventStore.subscribeToAll({
      after,
      batchSize: 500,
      handler: async (events) => {
        if (failed) throw new Error(`${this.relayName}: publication failed; restarting from the checkpoint`);
        // The whole batch is handed to the bus at once (the transport batches and keeps the order
        // per key) and the next batch is read while it is acknowledged: up to MAX_IN_FLIGHT
        // batches are on their way; the checkpoint follows the acknowledgements.
        const published: Array<{ pattern: string; data: unknown }> = [];
        for (const event of events) {
          const mapped = this.map(event);
          if (mapped) published.push({ pattern: mapped.topic, data: toIntegrationEvent(event, mapped.data) });
        }
        const last = events[events.length - 1].position;
        const batchAcked: Promise<unknown> = isBatchPublisher(bus)
          ? bus.publishAll(published)
          : Promise.all(published.map((e) => lastValueFrom(bus.emit(e.pattern, e.data), { defaultValue: undefined })));
        batchAcked.catch(() => undefined); // observed through the chain
        chain = chain.then(() => batchAcked).then(() => {
          acked = Math.max(acked, last);
          flush();
        });
        chain.catch(fail);
        inFlight.push(chain);
        while (inFlight.length > MAX_IN_FLIGHT) await inFlight.shift();
      },
      onError: fail,
    });
  }

  private restartLater(bus: ClientProxy, failures: number): void {
    if (this.stopped) return;
    const delay = Math.min(30_000, 500 * 2 ** Math.min(failures, 6));
    this.logger.warn(`${this.relayName} restarts from its checkpoint in ${delay} ms`);
    this.restartTimer = setTimeout(() => {
      this.restartTimer = undefined;
      this.follow(bus, failures + 1).catch((error: unknown) => {
        this.logger.error(`${this.relayName} could not restart: ${error instanceof Error ? error.message : String(error)}`);
        this.restartLater(bus, failures + 1);
      });
    }, delay);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    await this.subscription?.stop();
    await this.drain();
  }
}
