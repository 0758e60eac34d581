import { EventStore, ReadStore } from '@credit-bank/kernel';
import { IntegrationRelay, ProjectionsHost } from '@credit-bank/platform';
import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { Admin } from 'kafkajs';
import mongoose from 'mongoose';

/** Settles within `ms` or fails with a message naming what did not answer. */
export function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

export const errorText = (error: unknown): string => (error instanceof Error ? error.message : String((error as { message?: unknown })?.message ?? error));

/** The Kafka topics and consumer groups of a service, for consumer lag. */
export interface ConsumerGroupTopics {
  groupId: string;
  topics: string[];
}

/**
 * What the health and metrics endpoints of a service process look at: its connections (Kafka
 * admin, the event store, the MongoDB connection) and, found in the Nest container at bootstrap,
 * the service's projection hosts and integration relays.
 */
export class ServiceProbes {
  projectionHosts: ProjectionsHost[] = [];
  relays: IntegrationRelay[] = [];
  /** Filled once the Kafka bus server listens (its handlers tell the topics). */
  groups: ConsumerGroupTopics[] = [];
  kafkaStatus = 'disconnected';

  constructor(
    readonly service: string,
    readonly eventStore: EventStore | undefined,
    readonly readStore: ReadStore | undefined,
    readonly mongo: mongoose.Connection | undefined,
    readonly kafkaAdmin: () => Promise<Admin>,
  ) {}

  async pingKafka(): Promise<Record<string, unknown>> {
    const admin = await within(this.kafkaAdmin(), 2000, 'Kafka');
    const cluster = await within(admin.describeCluster(), 2000, 'Kafka');
    return { brokers: cluster.brokers.length, controller: cluster.controller, bus: this.kafkaStatus };
  }

  async head(): Promise<number> {
    if (!this.eventStore) return 0;
    return within(this.eventStore.headPosition(), 2000, 'The event store');
  }

  async pingMongo(): Promise<void> {
    const db = this.mongo?.db;
    if (!db) throw new Error('MongoDB is not connected');
    await within(db.command({ ping: 1 }), 2000, 'MongoDB');
  }

  /** Lowest position all projections of the service reached, and those that stopped on an error. */
  projections(): { position: number; failed: Array<{ projection: string; error: string }> } {
    let position = Number.POSITIVE_INFINITY;
    const failed: Array<{ projection: string; error: string }> = [];
    for (const host of this.projectionHosts) {
      position = Math.min(position, host.runner.position);
      for (const [projection, error] of host.runner.failed) failed.push({ projection, error: errorText(error) });
    }
    return { position: position === Number.POSITIVE_INFINITY ? 0 : position, failed };
  }

  /** Events of the store not yet published by each relay (head − its checkpoint). */
  async relayLags(head: number): Promise<Array<{ relay: string; lag: number }>> {
    if (!this.readStore) return [];
    const out: Array<{ relay: string; lag: number }> = [];
    for (const relay of this.relays) {
      const checkpoint = await within(this.readStore.checkpoints.load(relay.checkpointId), 2000, 'The read store');
      out.push({ relay: relay.checkpointId, lag: Math.max(0, head - checkpoint) });
    }
    return out;
  }

  /** Messages on the service's topics not yet consumed by its groups (end offset − committed offset). */
  async consumerLags(): Promise<Array<{ group: string; topic: string; lag: number }>> {
    const admin = await within(this.kafkaAdmin(), 2000, 'Kafka');
    const out: Array<{ group: string; topic: string; lag: number }> = [];
    for (const { groupId, topics } of this.groups) {
      if (!topics.length) continue;
      const committed = await within(admin.fetchOffsets({ groupId, topics }), 3000, 'Kafka');
      for (const { topic, partitions } of committed) {
        const ends = await within(admin.fetchTopicOffsets(topic), 3000, 'Kafka');
        let lag = 0;
        for (const end of ends) {
          const done = partitions.find((p) => p.partition === end.partition);
          const from = done && Number(done.offset) >= 0 ? Number(done.offset) : Number(end.low);
          lag += Math.max(0, Number(end.high) - from);
        }
        out.push({ group: groupId, topic, lag });
      }
    }
    return out;
  }
}

/** Finds the service's projection hosts and relays once the container is built (no service code changes). */
@Injectable()
export class ProbeDiscovery implements OnApplicationBootstrap {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly probes: ServiceProbes,
  ) {}

  onApplicationBootstrap(): void {
    for (const wrapper of this.discovery.getProviders()) {
      const instance: unknown = wrapper.instance;
      if (instance instanceof ProjectionsHost && !this.probes.projectionHosts.includes(instance)) this.probes.projectionHosts.push(instance);
      if (instance instanceof IntegrationRelay && !this.probes.relays.includes(instance)) this.probes.relays.push(instance);
    }
  }
}
