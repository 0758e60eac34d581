import { BLOB_STORE, BlobStore, EVENT_STORE, EventStore, HashChainingEventStore, READ_STORE, ReadStore, SMS_SENDER, SmsSender, UpcastingEventStore, Upcasters } from '@credit-bank/kernel';
import { DynamicModule, Global, Module } from '@nestjs/common';
import { ClientProxy } from '@nestjs/microservices';

/** A bus client for calls between services and for publishing integration events. */
export const BUS_CLIENT = Symbol.for('credit-bank/BusClient');

export interface Infrastructure {
  eventStore: EventStore;
  readStore: ReadStore;
  blobStore?: BlobStore;
  smsSender?: SmsSender;
  bus?: ClientProxy;
  /** The schema history of the stored event types (the compositions pass every service's table). */
  upcasters?: Upcasters;
}

/**
 * Binds the ports to the adapters the composition root chose. Services only ever inject the
 * tokens (EVENT_STORE, READ_STORE, BLOB_STORE, SMS_SENDER, BUS_CLIENT).
 */
@Global()
@Module({})
export class InfrastructureModule {
  static forRoot(infra: Infrastructure): DynamicModule {
    const providers = [
      // Every append is hash-chained in the kernel's decorator, whichever adapter is bound; reads
      // come upcast to today's schema versions (outside the chain, which covers what is stored).
      { provide: EVENT_STORE, useValue: UpcastingEventStore.wrap(HashChainingEventStore.wrap(infra.eventStore), infra.upcasters) },
      { provide: READ_STORE, useValue: infra.readStore },
      ...(infra.blobStore ? [{ provide: BLOB_STORE, useValue: infra.blobStore }] : []),
      ...(infra.smsSender ? [{ provide: SMS_SENDER, useValue: infra.smsSender }] : []),
      ...(infra.bus ? [{ provide: BUS_CLIENT, useValue: infra.bus }] : []),
    ];
    return { module: InfrastructureModule, providers, exports: providers.map((p) => p.provide) };
  }
}
