import { eventHash, GENESIS_HASH, HASH_FIELD, transitionError } from '@credit-bank/kernel';
import { AggregateAudit, aggregateOf } from './registry';
import { HistorySource, RawEvent } from './history';
import { Progress } from './progress';

export type BreakKind = 'hash-mismatch' | 'missing-hash' | 'revision-gap' | 'position-gap' | 'unreadable' | 'illegal-event' | 'unknown-stream';

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
}

function parse(text: string): { ok: true; value: any } | { ok: false; error: string } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * Walks every stream: recomputes each event's hash from its content and the stored hash of its
 * predecessor, checks revisions run 0, 1, 2… without holes, and replays the stream through its
 * decider's `evolve`, checking each event against the aggregate's transition rules.
 * A changed event is named alone: its successor is checked against the hash stored on it.
 */
export class ChainVerifier {
  private readonly streams = new Map<string, StreamCheck>();
  private current?: string;
  readonly breaks: ChainBreak[] = [];
  breaksNotListed = 0;
  events = 0;
  streamCount = 0;
  readonly byAggregate: Record<string, number> = {};

  constructor(
    private readonly streamOrdered: boolean,
    private readonly maxListed = 1000,
  ) {}

  private report(found: ChainBreak): void {
    if (this.breaks.length < this.maxListed) this.breaks.push(found);
    else this.breaksNotListed++;
  }

  get totalBreaks(): number {
    return this.breaks.length + this.breaksNotListed;
  }

  push(raw: RawEvent): void {
    this.events++;
    let check = this.streams.get(raw.streamId);
    if (!check) {
      if (this.streamOrdered && this.current !== undefined) this.streams.delete(this.current); // bounded memory
      const aggregate = aggregateOf(raw.streamId);
      check = { aggregate, nextRevision: 0, prevHash: GENESIS_HASH, state: aggregate?.decider.initialState ?? { status: 'unknown' }, ruleBroken: false };
      this.streams.set(raw.streamId, check);
      this.current = raw.streamId;
      this.streamCount++;
      if (!aggregate) this.report({ kind: 'unknown-stream', streamId: raw.streamId, revision: raw.revision, position: raw.position, message: 'No aggregate of the services writes streams of this name' });
    }
    const where = { streamId: raw.streamId, revision: raw.revision, position: raw.position, type: raw.type };
    if (check.aggregate) this.byAggregate[check.aggregate.name] = (this.byAggregate[check.aggregate.name] ?? 0) + 1;

    if (raw.revision !== check.nextRevision) {
      this.report({
        kind: 'revision-gap',
        ...where,
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

    const metadata = parse(raw.metadata);
    const data = parse(raw.data);
    if (!metadata.ok || !data.ok) {
      this.report({ kind: 'unreadable', ...where, message: `Stored ${!metadata.ok ? 'metadata' : 'data'} is not valid JSON: ${!metadata.ok ? metadata.error : (data as { error: string }).error}` });
      check.prevHash = metadata.ok && typeof metadata.value?.[HASH_FIELD] === 'string' ? metadata.value[HASH_FIELD] : null;
      check.ruleBroken = true;
      return;
    }

    const stored = metadata.value?.[HASH_FIELD];
    if (typeof stored !== 'string') {
      this.report({ kind: 'missing-hash', ...where, message: 'The event carries no hash (written before hash chains, or the hash was removed)' });
      check.prevHash = GENESIS_HASH; // the store restarts a chain after an unhashed event
    } else {
      if (check.prevHash !== null) {
        const recomputed = eventHash(check.prevHash, { streamId: raw.streamId, revision: raw.revision, type: raw.type, data: data.value, metadata: metadata.value });
        if (recomputed !== stored) {
          this.report({ kind: 'hash-mismatch', ...where, expected: recomputed, actual: stored, message: 'The stored hash does not match the event: its type, data or metadata, or the hash of its predecessor, was changed' });
        }
      }
      check.prevHash = stored;
    }

    if (!check.aggregate || check.ruleBroken) return;
    const error = transitionError(check.aggregate.transitions, check.state, raw);
    if (error) {
      this.report({ kind: 'illegal-event', ...where, actual: check.state.status, message: error });
      check.ruleBroken = true;
      return;
    }
    try {
      check.state = check.aggregate.decider.evolve(check.state, { type: raw.type, data: data.value });
    } catch (failure) {
      this.report({ kind: 'illegal-event', ...where, message: `evolve refused the event: ${failure instanceof Error ? failure.message : String(failure)}` });
      check.ruleBroken = true;
    }
  }
}

export async function verifyHistory(source: HistorySource, progress: Progress, options: { maxListed?: number } = {}): Promise<VerifyReport> {
  const started = process.hrtime.bigint();
  const total = await source.count();
  progress.start('verify', total);
  const verifier = new ChainVerifier(source.streamOrdered, options.maxListed);
  for await (const raw of source.byStream()) {
    verifier.push(raw);
    if ((verifier.events & 1023) === 0) progress.update(verifier.events);
  }
  progress.stop(verifier.events);
  for (const gap of await source.positionGaps()) {
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
    ok: verifier.totalBreaks === 0,
    breaks: verifier.breaks,
    breaksNotListed: verifier.breaksNotListed,
    byAggregate: verifier.byAggregate,
    seconds,
    eventsPerSecond: seconds > 0 ? Math.round(verifier.events / seconds) : verifier.events,
  };
}
