import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { DomainError } from '../errors';
import { NewEvent, RecordedEvent } from '../events';
import { AppendOptions, AppendResult, EventStore, ReadAllOptions, Subscription, SubscriptionOptions } from '../event-store.port';
import { canonicalJson } from '../hash-chain';
import { SubjectKeyStore } from '../subject-key-store.port';

/**
 * Which fields of an event type are personal data, and whose: `subject` names the data field that
 * holds the data subject's id (an account id), `fields` the top-level data fields sealed with that
 * subject's key (a field holding an object, such as an address, is sealed whole).
 */
export interface SealedEventRule {
  subject: string;
  fields: readonly string[];
}

/** Event type → its personal fields. Types not listed are stored as they are. */
export type SealingPolicy = Readonly<Record<string, SealedEventRule>>;

/** The data field that replaces the personal fields of a stored event. */
export const SEALED_FIELD = 'sealed';
/** Set on the data of an event read after its subject's key was destroyed: its personal fields read as null. */
export const ERASED_FIELD = 'erased';

/**
 * The envelope stored in place of an event's personal fields: their values as one JSON object,
 * encrypted with AES-256-GCM under the subject's data key (a random 96-bit `iv`, the 128-bit
 * `tag`), with the stream, the event type, the subject and the field names as associated data —
 * an envelope copied onto another event, stream or subject does not open.
 */
export interface SealedEnvelope {
  v: 1;
  subject: string;
  fields: string[];
  iv: string;
  tag: string;
  data: string;
}

/** Tables of several services in one (the types of different services never collide). */
export function mergeSealingPolicies(...policies: SealingPolicy[]): SealingPolicy {
  const merged: Record<string, SealedEventRule> = {};
  for (const policy of policies) {
    for (const [type, rule] of Object.entries(policy)) {
      if (merged[type]) throw new Error(`Two sealing rules for event type ${type}`);
      merged[type] = rule;
    }
  }
  return merged;
}

function associatedData(streamId: string, type: string, subject: string, fields: string[]): Buffer {
  return Buffer.from(canonicalJson(['credit-bank/sealed/v1', streamId, type, subject, fields]), 'utf8');
}

export function isSealedEnvelope(value: unknown): value is SealedEnvelope {
  if (typeof value !== 'object' || value === null) return false;
  const e = value as Partial<SealedEnvelope>;
  return e.v === 1 && typeof e.subject === 'string' && Array.isArray(e.fields) && typeof e.iv === 'string' && typeof e.tag === 'string' && typeof e.data === 'string';
}

export class SubjectErasedError extends DomainError {
  constructor(subject: string) {
    super('PERSONAL_DATA.SUBJECT_ERASED', 'conflict', `The account ${subject} was erased: no personal data of it is stored any more`, { subject });
    this.name = 'SubjectErasedError';
  }
}

/**
 * Seals the personal fields of one event's data (those of `rule` that are present): returns the
 * data without them and with one `sealed` envelope, or the data as it was when it holds none.
 */
export function sealEventData(streamId: string, type: string, data: Record<string, unknown>, rule: SealedEventRule, key: Buffer): Record<string, unknown> {
  const subject = data[rule.subject];
  if (typeof subject !== 'string' || subject === '') throw new Error(`Cannot seal ${type}: its data has no subject id in ${rule.subject}`);
  if (data[SEALED_FIELD] !== undefined) throw new Error(`Cannot seal ${type}: its data already has a ${SEALED_FIELD} field`);
  const fields = rule.fields.filter((f) => data[f] !== undefined);
  if (fields.length === 0) return data;
  const rest: Record<string, unknown> = {};
  const personal: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(data)) (fields.includes(name) ? personal : rest)[name] = value;
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(associatedData(streamId, type, subject, fields));
  const sealed = Buffer.concat([cipher.update(canonicalJson(personal), 'utf8'), cipher.final()]);
  const envelope: SealedEnvelope = { v: 1, subject, fields, iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), data: sealed.toString('base64') };
  return { ...rest, [SEALED_FIELD]: envelope };
}

/**
 * Opens an event's envelope again: its fields back in the data; with `key` null (the subject's key
 * was destroyed, or never existed) each sealed field reads as null and the data says `erased: true`.
 * Data without an envelope (events written before sealing, types that carry nothing personal) is
 * returned as it is. A wrong key or a tampered envelope throws.
 */
export function openEventData(streamId: string, type: string, data: Record<string, unknown>, key: Buffer | null | undefined): Record<string, unknown> {
  const envelope = data[SEALED_FIELD];
  if (!isSealedEnvelope(envelope)) return data;
  const { [SEALED_FIELD]: _sealed, ...rest } = data;
  if (!key) {
    const erased: Record<string, unknown> = { ...rest, [ERASED_FIELD]: true };
    for (const field of envelope.fields) erased[field] = null;
    return erased;
  }
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(envelope.iv, 'base64'));
  decipher.setAAD(associatedData(streamId, type, envelope.subject, envelope.fields));
  decipher.setAuthTag(Buffer.from(envelope.tag, 'base64'));
  let personal: Record<string, unknown>;
  try {
    personal = JSON.parse(Buffer.concat([decipher.update(Buffer.from(envelope.data, 'base64')), decipher.final()]).toString('utf8')) as Record<string, unknown>;
  } catch {
    throw new Error(`The sealed fields of ${type} in ${streamId} do not open with the key of ${envelope.subject} (tampered, or another key store?)`);
  }
  return { ...rest, ...personal };
}

/** The subject whose key an event's envelope needs, or undefined when the event holds no envelope. */
export function sealedSubjectOf(event: { data: unknown }): string | undefined {
  const envelope = (event.data as Record<string, unknown> | null)?.[SEALED_FIELD];
  return isSealedEnvelope(envelope) ? envelope.subject : undefined;
}

/**
 * Opens the sealed events of a batch, fetching each subject's key once (`find`: never creates a
 * key). The events' metadata is left as stored (its hash covers the sealed data).
 */
export async function openEvents(keyStore: Pick<SubjectKeyStore, 'find'>, events: RecordedEvent[]): Promise<RecordedEvent[]> {
  let keys: Map<string, Buffer | null | undefined> | undefined;
  const out: RecordedEvent[] = new Array(events.length);
  for (let i = 0; i < events.length; i++) {
    const event = events[i];
    const subject = sealedSubjectOf(event);
    if (subject === undefined) {
      out[i] = event;
      continue;
    }
    keys ??= new Map();
    if (!keys.has(subject)) keys.set(subject, await keyStore.find(subject));
    out[i] = { ...event, data: openEventData(event.streamId, event.type, event.data as Record<string, unknown>, keys.get(subject)) };
  }
  return out;
}

/**
 * Decorates an EventStore so that personal data is stored only sealed (crypto-shredding): on
 * append, the fields the policy names are replaced by one envelope encrypted with the subject's
 * key; on read they are opened again, or read as null with `erased: true` once the key is
 * destroyed. Compose it between the upcasting decorator (outside: upcasters see opened data) and
 * the hash-chaining one (inside: the chain covers the ciphertext, so erasing a subject breaks no
 * chain): `UpcastingEventStore(SealingEventStore(HashChainingEventStore(adapter)))`.
 */
export class SealingEventStore implements EventStore {
  constructor(
    readonly inner: EventStore,
    private readonly keyStore: SubjectKeyStore,
    private readonly policy: SealingPolicy,
  ) {}

  /** Wraps a store once; no policy, no wrapper. */
  static wrap(store: EventStore, keyStore: SubjectKeyStore | undefined, policy: SealingPolicy | undefined): EventStore {
    if (store instanceof SealingEventStore || !policy || Object.keys(policy).length === 0) return store;
    if (!keyStore) throw new Error('SealingEventStore: a sealing policy needs a SubjectKeyStore (bind SUBJECT_KEY_STORE)');
    return new SealingEventStore(store, keyStore, policy);
  }

  async append(streamId: string, events: NewEvent[], options: AppendOptions): Promise<AppendResult> {
    const sealed: NewEvent[] = [];
    for (const event of events) {
      const rule = this.policy[event.type];
      const data = event.data as Record<string, unknown>;
      if (!rule || !rule.fields.some((f) => data[f] !== undefined)) {
        sealed.push(event);
        continue;
      }
      const subject = data[rule.subject] as string;
      const key = await this.keyStore.keyFor(subject);
      if (!key) throw new SubjectErasedError(subject);
      sealed.push({ ...event, data: sealEventData(streamId, event.type, data, rule, key) });
    }
    return this.inner.append(streamId, sealed, options);
  }

  async readStream(streamId: string, fromRevision?: number): Promise<RecordedEvent[]> {
    return openEvents(this.keyStore, await this.inner.readStream(streamId, fromRevision));
  }

  async readAll(options?: ReadAllOptions): Promise<RecordedEvent[]> {
    return openEvents(this.keyStore, await this.inner.readAll(options));
  }

  subscribeToAll(options: SubscriptionOptions): Subscription {
    return this.inner.subscribeToAll({ ...options, handler: async (events) => options.handler(await openEvents(this.keyStore, events)) });
  }

  headPosition(): Promise<number> {
    return this.inner.headPosition();
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
