import { catalogProjections } from '@credit-bank/catalog-service';
import { identityProjections, mapIdentityEvent } from '@credit-bank/identity-service';
import { canonicalJson, openEvents, Projection, ReadStore, RecordedEvent, SubjectKeyStore, upcastEvent } from '@credit-bank/kernel';
import { ledgerIntegrationConsumers, ledgerProjections } from '@credit-bank/ledger-service';
import { IntegrationMapper, toIntegrationEvent } from '@credit-bank/platform';
import { SqliteReadStore } from '@credit-bank/sqlite-read-store';
import { EventRange, HistorySource, RawEvent } from './history';
import { Progress } from './progress';
import { UPCASTERS } from './registry';

/** Every projection of every service, in the order the services run them. */
export function allProjections(): Projection[] {
  return [...identityProjections(), ...catalogProjections(), ...ledgerProjections()];
}

/** The relays' mappers: how stored events become integration events for other services. */
const INTEGRATION_MAPPERS: IntegrationMapper[] = [mapIdentityEvent];

/** A stored event as it is stored (sealed fields still sealed, at the schema version it was written at). */
function toRecorded(raw: RawEvent): RecordedEvent {
  return { streamId: raw.streamId, revision: raw.revision, position: raw.position, type: raw.type, data: JSON.parse(raw.data), metadata: JSON.parse(raw.metadata) };
}

/** Nobody's key: every sealed field reads as erased. */
const NO_KEYS: Pick<SubjectKeyStore, 'find'> = { find: async () => undefined };

export interface ReplaySummary {
  events: number;
  upToPosition: number;
  collections: Record<string, number>;
  seconds: number;
}

/**
 * Rebuilds every read model from the history into `target` (a scratch store, never the live one):
 * the services' own projections, and the read models fed by integration events (built here from
 * the stored events with the relays' mappers, exactly as the bus would deliver them). Events are
 * read as the services read them: sealed personal fields opened with `keys` (an erased subject's,
 * or all of them without keys, as null with `erased: true`), then upcast to today's versions.
 */
export async function replayInto(source: HistorySource, target: SqliteReadStore, range: EventRange, progress: Progress, label = 'replay', keys: Pick<SubjectKeyStore, 'find'> = NO_KEYS): Promise<ReplaySummary> {
  const started = process.hrtime.bigint();
  const projections = allProjections();
  const consumers = ledgerIntegrationConsumers(target);
  const total = await source.estimate(range);
  progress.start(label, total);
  let batch: RecordedEvent[] = [];
  let events = 0;
  let last = range.after ?? 0;
  const flush = async () => {
    if (batch.length === 0) return;
    batch = (await openEvents(keys, batch)).map((event) => upcastEvent(UPCASTERS, event));
    for (const projection of projections) await projection.apply(batch, target);
    for (const event of batch) {
      for (const map of INTEGRATION_MAPPERS) {
        const mapped = map(event);
        const consume = mapped && consumers[mapped.topic];
        if (mapped && consume) await consume(toIntegrationEvent(event, mapped.data));
      }
    }
    batch = [];
    progress.update(events);
  };
  for await (const raw of source.byPosition(range)) {
    batch.push(toRecorded(raw));
    events++;
    last = raw.position;
    if (batch.length >= 1000) await flush();
  }
  await flush();
  progress.stop(events);
  const collections: Record<string, number> = {};
  for (const name of target.collectionNames()) collections[name] = await target.collection(name).count();
  return { events, upToPosition: last, collections, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}

/** A collection as sorted canonical JSON lines, one per visible document (including `_position`). */
export async function canonicalDump(store: ReadStore & { collectionNames(): string[] }): Promise<Map<string, Map<string, string>>> {
  const dump = new Map<string, Map<string, string>>();
  for (const name of store.collectionNames()) {
    const docs = new Map<string, string>();
    for (const doc of await store.collection<object>(name).find({ sort: [['id', 'asc']] })) docs.set(doc.id, canonicalJson(doc));
    dump.set(name, docs);
  }
  return dump;
}

export interface Difference {
  collection: string;
  id?: string;
  kind: 'missing-collection' | 'extra-collection' | 'missing-document' | 'extra-document' | 'different-document';
  /** For a different document: the top-level fields whose values differ. */
  fields?: string[];
  live?: unknown;
  rebuilt?: unknown;
}

/** Compares the live read models with a rebuild; collections that only one side has are reported. */
export function compareDumps(live: Map<string, Map<string, string>>, rebuilt: Map<string, Map<string, string>>, ignore: (collection: string) => boolean = () => false): Difference[] {
  const differences: Difference[] = [];
  const names = [...new Set([...live.keys(), ...rebuilt.keys()])].filter((n) => !ignore(n)).sort();
  for (const collection of names) {
    const a = live.get(collection);
    const b = rebuilt.get(collection);
    if (!a || !b) {
      // An empty collection on one side and none on the other is no difference.
      if ((a?.size ?? 0) + (b?.size ?? 0) > 0) differences.push({ collection, kind: a ? 'extra-collection' : 'missing-collection' });
      continue;
    }
    for (const id of [...new Set([...a.keys(), ...b.keys()])].sort()) {
      const left = a.get(id);
      const right = b.get(id);
      if (left === right) continue;
      if (left === undefined) differences.push({ collection, id, kind: 'missing-document', rebuilt: JSON.parse(right as string) });
      else if (right === undefined) differences.push({ collection, id, kind: 'extra-document', live: JSON.parse(left) });
      else {
        const l = JSON.parse(left) as Record<string, unknown>;
        const r = JSON.parse(right) as Record<string, unknown>;
        const fields = [...new Set([...Object.keys(l), ...Object.keys(r)])].filter((k) => canonicalJson(l[k]) !== canonicalJson(r[k])).sort();
        differences.push({ collection, id, kind: 'different-document', fields, live: Object.fromEntries(fields.map((f) => [f, l[f]])), rebuilt: Object.fromEntries(fields.map((f) => [f, r[f]])) });
      }
    }
  }
  return differences;
}
