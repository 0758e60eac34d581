import { confirmStoredHash, eventHash, GENESIS_HASH, HASH_FIELD, openEventData, RecordedEvent, SEALED_FIELD, transitionError, upcastEvent } from '@credit-bank/kernel';
import { AggregateAudit, aggregateOf, UPCASTERS } from './registry';
import { HistorySource, RawEvent } from './history';
import { Progress } from './progress';

export type BreakKind = 'hash-mismatch' | 'missing-hash' | 'revision-gap' | 'position-gap' | 'unreadable' | 'illegal-event' | 'unknown-stream';

/**
 * The data as today's evolve reads it: events of an older schema version are upcast first (the
 * hash was checked over what is stored). Metadata is decoded only for types that have a history.
 * Sealed personal fields are never opened here (verify needs no keys): the decider sees them as
 * an erased subject's, null — the rules it checks never depend on personal values.
 */
function currentData(raw: RawEvent, stored: object): object {
  const data = (stored as Record<string, unknown>)[SEALED_FIELD] === undefined ? stored : openEventData(raw.streamId, raw.type, stored as Record<string, unknown>, null);
  if (!UPCASTERS[raw.type]) return data;
  const metadata = JSON.parse(raw.metadata) as RecordedEvent['metadata'];
  return upcastEvent(UPCASTERS, { type: raw.type, data, metadata }).data;
}

/** One finding of `verify`: where, and what differs. */
export interface ChainBreak {
  kind: BreakKind;
  streamId?: string;
  revision?: number;
  position?: number;
  type?: string;
  message: string;
  expected?: string | number;
  actual?: string | number;
}

export interface VerifyReport {
  source: string;
  events: number;
  streams: number;
  /** Streams forgotten to bound memory and read back when they showed up again. */
  reloadedStreams: number;
  ok: boolean;
  breaks: ChainBreak[];
  /** Breaks beyond the report limit are counted, not listed. */
  breaksNotListed: number;
  byAggregate: Record<string, number>;
  seconds: number;
  eventsPerSecond: number;
}

interface StreamCheck {
  aggregate: AggregateAudit | undefined;
  nextRevision: number;
  /** The stored hash of the previous event, or null when it could not be read (chain not checkable). */
  prevHash: string | null;
  state: { status: string };
  /** The stream already had a domain-rule break; later events are not checked against rules. */
  ruleBroken: boolean;
  /** The event count when the stream was last seen (forgetting idle streams bounds memory). */
  lastSeen: number;
}

/** Where a break is: built only when one is reported. */
function at(raw: RawEvent): Pick<ChainBreak, 'streamId' | 'revision' | 'position' | 'type'> {
  return { streamId: raw.streamId, revision: raw.revision, position: raw.position, type: raw.type };
}

function parse(text: string): { ok: true; value: any } | { ok: false; error: string } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

/** Reads the events of a stream before a revision (to bring a forgotten stream back). */
export type PrefixReader = (streamId: string, beforeRevision: number) => RawEvent[];

export interface VerifierOptions {
  /** How many breaks are listed; the rest are counted. Default 1000. */
  maxListed?: number;
  /**
   * With a prefix reader, the verifier keeps at most this many streams in memory (least recently
   * seen are forgotten) and reloads a forgotten stream from the store when it shows up again.
   * Default 20,000. Without a reader every stream is kept.
   */
  maxStreams?: number;
  readPrefix?: PrefixReader;
}

/**
 * Walks the history in position order and checks every stream: recomputes each event's hash
 * from its content and the stored hash of its predecessor, checks revisions run 0, 1, 2… without
 * holes, and replays the stream through its decider's `evolve`, checking each event against the
 * aggregate's transition rules. A changed event is named alone: its successor is checked against
 * the hash stored on it. Memory is bounded by `maxStreams`, not by the size of the history.
 */
export class ChainVerifier {
  private readonly streams = new Map<string, StreamCheck>();
  readonly breaks: ChainBreak[] = [];
  breaksNotListed = 0;
  events = 0;
  streamCount = 0;
  /** Streams brought back from the store after being forgotten. */
  reloads = 0;
  readonly byAggregate: Record<string, number> = {};
  private readonly maxListed: number;
  private readonly maxStreams: number;

  constructor(private readonly options: VerifierOptions = {}) {
    this.maxListed = options.maxListed ?? 1000;
    this.maxStreams = options.readPrefix ? (options.maxStreams ?? 20_000) : Number.POSITIVE_INFINITY;
  }

  private report(found: ChainBreak): void {
    if (this.breaks.length < this.maxListed) this.breaks.push(found);
    else this.breaksNotListed++;
  }

  get totalBreaks(): number {
    return this.breaks.length + this.breaksNotListed;
  }

  private open(raw: RawEvent): StreamCheck {
    const aggregate = aggregateOf(raw.streamId);
    const check: StreamCheck = { aggregate, nextRevision: 0, prevHash: GENESIS_HASH, state: aggregate?.decider.initialState ?? { status: 'unknown' }, ruleBroken: false, lastSeen: this.events };
    const prefix = raw.revision > 0 && this.options.readPrefix ? this.options.readPrefix(raw.streamId, raw.revision) : [];
    if (prefix.length > 0) {
      // A stream forgotten to bound memory: its earlier events were verified when they went past.
      this.reloads++;
      for (const earlier of prefix) this.replayVerified(check, earlier);
    } else {
      this.streamCount++;
      if (!aggregate) this.report({ kind: 'unknown-stream', streamId: raw.streamId, revision: raw.revision, position: raw.position, message: 'No aggregate of the services writes streams of this name' });
    }
    return check;
  }

  /** Forgets the least recently seen quarter of the streams (read back from the store if they return). */
  private forgetIdleStreams(): void {
    const seen = [...this.streams.values()].map((c) => c.lastSeen).sort((a, b) => a - b);
    const cutoff = seen[Math.floor(seen.length / 4)];
    for (const [id, c] of this.streams) if (c.lastSeen <= cutoff && this.streams.size > 1) this.streams.delete(id);
  }

  /** Brings an already verified event back into a stream's state without reporting again. */
  private replayVerified(check: StreamCheck, raw: RawEvent): void {
    if (raw.revision !== check.nextRevision) check.prevHash = null;
    check.nextRevision = raw.revision + 1;
    const metadata = parse(raw.metadata);
    const data = parse(raw.data);
    const stored = metadata.ok ? metadata.value?.[HASH_FIELD] : undefined;
    check.prevHash = typeof stored === 'string' ? stored : metadata.ok ? GENESIS_HASH : null;
    if (!data.ok) check.ruleBroken = true;
    if (!check.aggregate || check.ruleBroken || !data.ok) return;
    if (transitionError(check.aggregate.transitions, check.state, raw)) {
      check.ruleBroken = true;
      return;
    }
    try {
      check.state = check.aggregate.decider.evolve(check.state, { type: raw.type, data: currentData(raw, data.value) });
    } catch {
      check.ruleBroken = true;
    }
  }

  push(raw: RawEvent): void {
    this.events++;
    let check = this.streams.get(raw.streamId);
    if (!check) {
      check = this.open(raw);
      this.streams.set(raw.streamId, check);
      if (this.streams.size > this.maxStreams) this.forgetIdleStreams();
    }
    check.lastSeen = this.events;
    if (check.aggregate) this.byAggregate[check.aggregate.name] = (this.byAggregate[check.aggregate.name] ?? 0) + 1;

    if (raw.revision !== check.nextRevision) {
      this.report({
        kind: 'revision-gap',
        ...at(raw),
        expected: check.nextRevision,
        actual: raw.revision,
        message:
          raw.revision > check.nextRevision
            ? `Revision(s) ${check.nextRevision}${raw.revision - 1 > check.nextRevision ? `–${raw.revision - 1}` : ''} missing before revision ${raw.revision}`
            : `Revision ${raw.revision} out of order (expected ${check.nextRevision})`,
      });
      check.prevHash = null; // the predecessor is missing: the chain cannot be checked across the hole
    }
    check.nextRevision = raw.revision + 1;

    // Fast path: the stored text is the canonical text that was hashed (no metadata decoding).
    const confirmed = check.prevHash !== null ? confirmStoredHash(check.prevHash, raw.streamId, raw.revision, raw.type, raw.data, raw.metadata) : undefined;
    const data = parse(raw.data);
    if (confirmed !== undefined && data.ok) {
      check.prevHash = confirmed;
    } else {
      const metadata = parse(raw.metadata);
      if (!metadata.ok || !data.ok) {
        this.report({ kind: 'unreadable', ...at(raw), message: `Stored ${!metadata.ok ? 'metadata' : 'data'} is not valid JSON: ${!metadata.ok ? metadata.error : (data as { error: string }).error}` });
        check.prevHash = metadata.ok && typeof metadata.value?.[HASH_FIELD] === 'string' ? metadata.value[HASH_FIELD] : null;
        check.ruleBroken = true;
        return;
      }
      const stored = metadata.value?.[HASH_FIELD];
      if (typeof stored !== 'string') {
        this.report({ kind: 'missing-hash', ...at(raw), message: 'The event carries no hash (written before hash chains, or the hash was removed)' });
        check.prevHash = GENESIS_HASH; // the store restarts a chain after an unhashed event
      } else {
        if (check.prevHash !== null) {
          const recomputed = eventHash(check.prevHash, { streamId: raw.streamId, revision: raw.revision, type: raw.type, data: data.value, metadata: metadata.value });
          if (recomputed !== stored) {
            this.report({ kind: 'hash-mismatch', ...at(raw), expected: recomputed, actual: stored, message: 'The stored hash does not match the event: its type, data or metadata, or the hash of its predecessor, was changed' });
          }
        }
        check.prevHash = stored;
      }
    }

    if (!check.aggregate || check.ruleBroken) return;
    const error = transitionError(check.aggregate.transitions, check.state, raw);
    if (error) {
      this.report({ kind: 'illegal-event', ...at(raw), actual: check.state.status, message: error });
      check.ruleBroken = true;
      return;
    }
    try {
      check.state = check.aggregate.decider.evolve(check.state, { type: raw.type, data: currentData(raw, (data as { value: object }).value) });
    } catch (failure) {
      this.report({ kind: 'illegal-event', ...at(raw), message: `evolve refused the event: ${failure instanceof Error ? failure.message : String(failure)}` });
      check.ruleBroken = true;
    }
  }
}

export async function verifyHistory(source: HistorySource, progress: Progress, options: Omit<VerifierOptions, 'readPrefix'> = {}): Promise<VerifyReport> {
  const started = process.hrtime.bigint();
  progress.start('verify', await source.estimate());
  const verifier = new ChainVerifier({ ...options, readPrefix: source.readStreamPrefix });
  const events = source.byPosition();
  // Dense positions (SQLite: 1..head, never deleted): a hole in the walk is a removed event.
  const gaps: Array<{ after: number; before: number }> = [];
  let lastPosition = 0;
  if (Symbol.iterator in events) {
    for (const raw of events) {
      if (source.densePositions && raw.position !== lastPosition + 1) gaps.push({ after: lastPosition, before: raw.position });
      lastPosition = raw.position;
      verifier.push(raw);
      if ((verifier.events & 0xffff) === 0) {
        progress.update(verifier.events);
        // Let timers (the progress bar, signals) run now and then during a long synchronous walk.
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
  } else {
    for await (const raw of events) {
      verifier.push(raw);
      if ((verifier.events & 0x3ff) === 0) progress.update(verifier.events);
    }
  }
  progress.stop(verifier.events);
  for (const gap of gaps) {
    verifier.breaks.push({
      kind: 'position-gap',
      position: gap.before,
      expected: gap.after + 1,
      actual: gap.before,
      message: `Positions ${gap.after + 1}${gap.before - 1 > gap.after + 1 ? `–${gap.before - 1}` : ''} are missing: events were removed from the store`,
    });
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return {
    source: source.description,
    events: verifier.events,
    streams: verifier.streamCount,
    reloadedStreams: verifier.reloads,
    ok: verifier.totalBreaks === 0,
    breaks: verifier.breaks,
    breaksNotListed: verifier.breaksNotListed,
    byAggregate: verifier.byAggregate,
    seconds,
    eventsPerSecond: seconds > 0 ? Math.round(verifier.events / seconds) : verifier.events,
  };
}
