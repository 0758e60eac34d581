import { BLOB_STORE, BlobStore, EVENT_STORE, EventStore, HashChainingEventStore, READ_STORE, ReadStore, SealingEventStore, SealingPolicy, SMS_SENDER, SmsSender, SUBJECT_KEY_STORE, SubjectKeyStore, UpcastingEventStore, Upcasters } from '@credit-bank/kernel';
import { DynamicModule, Global, Module, Provider } from '@nestjs/common';
import { ClientProxy } from '@nestjs/microservices';
import { Pseudonyms, PSEUDONYMS } from './hashing';

/** A bus client for calls between services and for publishing integration events. */
export const BUS_CLIENT = Symbol.for('credit-bank/BusClient');

export interface Infrastructure {
  eventStore: EventStore;
  readStore: ReadStore;
  blobStore?: BlobStore;
  smsSender?: SmsSender;
  bus?: ClientProxy;
  /** The data subjects' keys (crypto-shredding): personal fields are sealed with them before they are stored. */
  keyStore?: SubjectKeyStore;
  /** The master key's pseudonym sub-key: keyed HMACs of personal values in stream names (PSEUDONYMS). */
  pseudonymKey?: Buffer;
}

/** The hash-chained store as it is on disk, before any service's upcasting. */
export const STORED_EVENT_STORE = Symbol.for('credit-bank/StoredEventStore');

/**
 * A service's own EVENT_STORE: the stored one read through the service's schema history
 * (`Upcasters` of its domain), so its handlers, projections and relay see today's shapes, and —
 * with a sealing policy — with the personal fields it names sealed with their subject's key
 * before they are stored (`SealingEventStore`, between the upcasting and the hash-chaining
 * decorators: the chain covers ciphertext). Put it in the service module's providers; it
 * overrides the global binding inside that module.
 */
export function upcastingEventStoreProvider(upcasters: Upcasters, sealing?: SealingPolicy): Provider {
  return {
    provide: EVENT_STORE,
    useFactory: (stored: EventStore, keyStore?: SubjectKeyStore) => UpcastingEventStore.wrap(SealingEventStore.wrap(stored, keyStore, sealing), upcasters),
    inject: [STORED_EVENT_STORE, { token: SUBJECT_KEY_STORE, optional: true }],
  };
}

/**
 * Binds the ports to the adapters the composition root chose. Services only ever inject the
 * tokens (EVENT_STORE, READ_STORE, BLOB_STORE, SMS_SENDER, BUS_CLIENT, SUBJECT_KEY_STORE).
 */
@Global()
@Module({})
export class InfrastructureModule {
  static forRoot(infra: Infrastructure): DynamicModule {
    const chained = HashChainingEventStore.wrap(infra.eventStore);
    const providers = [
      // Every append is hash-chained in the kernel's decorator, whichever adapter is bound.
      { provide: EVENT_STORE, useValue: chained },
      { provide: STORED_EVENT_STORE, useValue: chained },
      { provide: READ_STORE, useValue: infra.readStore },
      ...(infra.blobStore ? [{ provide: BLOB_STORE, useValue: infra.blobStore }] : []),
      ...(infra.smsSender ? [{ provide: SMS_SENDER, useValue: infra.smsSender }] : []),
      ...(infra.bus ? [{ provide: BUS_CLIENT, useValue: infra.bus }] : []),
      ...(infra.keyStore ? [{ provide: SUBJECT_KEY_STORE, useValue: infra.keyStore }] : []),
      { provide: PSEUDONYMS, useValue: new Pseudonyms(infra.pseudonymKey) },
    ];
    return { module: InfrastructureModule, providers, exports: providers.map((p) => p.provide) };
  }
}
