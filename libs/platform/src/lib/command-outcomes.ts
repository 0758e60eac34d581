import { MessageMeta } from '@credit-bank/contracts';
import {
  COMMAND_OUTCOME_STREAM_PREFIX,
  CommandOutcome,
  CommandOutcomeCommand,
  CommandOutcomeState,
  commandInProgress,
  commandOutcomeDecider,
  ConcurrencyError,
  DomainError,
  EVENT_STORE,
  EventStore,
  executeCommand,
  keyReused,
  loadStream,
  toNewEvents,
} from '@credit-bank/kernel';
import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import { contextOf } from './command-context';
import { Pseudonyms, PSEUDONYMS } from './hashing';

export interface CommandOutcomesOptions {
  /** How long a started command holds its key before another delivery may take it over (it died). */
  leaseMs: number;
  /** How long a repeated delivery waits for the running first one before answering IDEMPOTENCY.IN_PROGRESS (503). */
  waitMs: number;
}

const DEFAULTS: CommandOutcomesOptions = { leaseMs: 30_000, waitMs: 10_000 };

/** Optional provider of `Partial<CommandOutcomesOptions>` (specs shorten the lease). */
export const COMMAND_OUTCOMES_OPTIONS = Symbol.for('credit-bank/CommandOutcomesOptions');

/** JSON with the keys of every object sorted: the same request gives the same text. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    return `{${entries
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');


/** The outcome stream of one key: the pattern, the caller and the key, hashed (no key meets another caller's). */
export function commandOutcomeStreamId(meta: MessageMeta, pattern: string): string | undefined {
  if (!meta.idempotencyKey) return undefined;
  return `${COMMAND_OUTCOME_STREAM_PREFIX}${sha256(`${pattern}\u0000${meta.actor?.accountId ?? 'anonymous'}\u0000${meta.idempotencyKey}`)}`;
}

/**
 * A new record's id that a repeated delivery of the same command (same key, caller and pattern)
 * makes again: a delivery that takes over a command whose first run died finds what that run
 * stored instead of storing it twice. Random when the message has no key.
 */
export function commandScopedId(meta: MessageMeta, pattern: string, name: string): string {
  if (!meta.idempotencyKey) return randomUUID();
  const hex = sha256(`id\u0000${pattern}\u0000${meta.actor?.accountId ?? 'anonymous'}\u0000${meta.idempotencyKey}\u0000${name}`);
  // Formatted as a version-5-like UUID (name-based, SHA hash), as record ids are checked to be UUIDs.
  const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * How an answer that holds personal data is kept: `keep` reduces it to what names it (an id),
 * `answer` reads it again for a repeated delivery. Without a form the answer is kept as it is.
 */
export interface KeptAnswer<R> {
  keep(answer: R): Record<string, unknown>;
  answer(kept: Record<string, unknown>): Promise<R>;
}

/** Failures that say nothing of the outcome: the key is given back and a retry runs the command again. */
function isTransient(error: unknown): boolean {
  if (error instanceof ConcurrencyError) return true;
  if (error instanceof DomainError) return error.kind === 'unavailable';
  return true;
}

/**
 * Exactly-once outcomes of a service's commands (kernel `commandOutcomeDecider`): the first
 * delivery of a key starts the command with the outcome stream's expected revision, runs it and
 * records its answer or refusal; a repeated delivery (a Kafka redelivery, the client's retry with
 * the same Idempotency-Key) gets the first outcome back, waits for it while the first runs, and is
 * refused IDEMPOTENCY.KEY_REUSED (409) if its request differs. Messages without a key run as before.
 */
@Injectable()
export class CommandOutcomes {
  private readonly logger = new Logger(CommandOutcomes.name);
  private readonly options: CommandOutcomesOptions;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Optional() @Inject(COMMAND_OUTCOMES_OPTIONS) options?: Partial<CommandOutcomesOptions>,
    @Optional() @Inject(PSEUDONYMS) private readonly pseudonyms?: Pseudonyms,
  ) {
    this.options = { ...DEFAULTS, ...(options ?? {}) };
  }

  /**
   * What tells one request from another under the same key: the pattern and the payload, under the
   * master key's pseudonym sub-key (a payload may hold a password or personal values: an unkeyed
   * hash of it would let anyone who reads the events test guesses).
   */
  fingerprint(pattern: string, payload: unknown): string {
    return (this.pseudonyms ?? new Pseudonyms()).digest('command-fingerprint', pattern, canonical(payload));
  }

  async once<R>(meta: MessageMeta, pattern: string, payload: unknown, act: () => Promise<R>, form?: KeptAnswer<R>): Promise<R> {
    const stream = commandOutcomeStreamId(meta, pattern);
    if (!stream) return act();
    const fingerprint = this.fingerprint(pattern, payload);
    const deadline = Date.now() + this.options.waitMs;
    // A key is nearly always new: the first attempt appends its start without reading (no_stream);
    // a conflict says another delivery got there first, and the stream is read from then on.
    let known: { state: CommandOutcomeState; revision: number } | undefined = { state: commandOutcomeDecider.initialState, revision: -1 };
    for (;;) {
      const ctx = contextOf(meta);
      const { state, revision } = known ?? (await loadStream(this.store, stream, commandOutcomeDecider));
      known = undefined;
      if (state.status !== 'new' && state.fingerprint !== fingerprint) throw keyReused();
      if (state.status === 'done') return state.outcome.kind === 'answer' && form ? form.answer(state.outcome.answer as Record<string, unknown>) : replay<R>(state.outcome);
      if (state.status === 'running' && state.leaseUntil > ctx.now) {
        // The first delivery is still at work (or died and its lease has not run out).
        if (Date.now() >= deadline) throw commandInProgress();
        await new Promise((resolve) => setTimeout(resolve, 50));
        continue;
      }
      const events = commandOutcomeDecider.decide({ type: 'StartCommand', pattern, fingerprint, now: ctx.now, leaseMs: this.options.leaseMs }, state);
      let started: number;
      try {
        started = (await this.store.append(stream, toNewEvents(events, ctx), { expectedRevision: revision < 0 ? 'no_stream' : revision })).nextRevision;
      } catch (error) {
        // Another delivery started it between our read and our append: wait for its outcome.
        if (error instanceof ConcurrencyError) continue;
        throw error;
      }
      return this.run(stream, fingerprint, meta, act, { state: events.reduce(commandOutcomeDecider.evolve, state), revision: started }, form);
    }
  }

  private async run<R>(
    stream: string,
    fingerprint: string,
    meta: MessageMeta,
    act: () => Promise<R>,
    started: { state: CommandOutcomeState; revision: number },
    form?: KeptAnswer<R>,
  ): Promise<R> {
    let outcome: CommandOutcome;
    try {
      const answer = await act();
      if (form) {
        await this.record(stream, meta, { type: 'CompleteCommand', fingerprint, outcome: { kind: 'answer', answer: form.keep(answer) }, now: contextOf(meta).now }, started);
        return answer;
      }
      outcome = { kind: 'answer', answer };
    } catch (error) {
      if (isTransient(error)) {
        await this.record(stream, meta, { type: 'AbandonCommand', fingerprint, reason: error instanceof Error ? error.message : String(error), now: contextOf(meta).now }, started);
        throw error;
      }
      outcome = { kind: 'refusal', error: (error as DomainError).toPayload() };
    }
    await this.record(stream, meta, { type: 'CompleteCommand', fingerprint, outcome, now: contextOf(meta).now }, started);
    return replay<R>(outcome);
  }

  /** Appends after our own start without reading it again; if the stream moved (a takeover), decides on what it holds now. */
  private async record(stream: string, meta: MessageMeta, command: CommandOutcomeCommand, started: { state: CommandOutcomeState; revision: number }): Promise<void> {
    const ctx = contextOf(meta);
    try {
      try {
        await this.store.append(stream, toNewEvents(commandOutcomeDecider.decide(command, started.state), ctx), { expectedRevision: started.revision });
      } catch (error) {
        if (!(error instanceof ConcurrencyError)) throw error;
        await executeCommand(this.store, stream, commandOutcomeDecider, command, ctx);
      }
    } catch (error) {
      // The command's own events are stored: failing to note its outcome must not turn its answer into an error.
      this.logger.warn(`Could not record the outcome in ${stream}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

function replay<R>(outcome: CommandOutcome): R {
  if (outcome.kind === 'answer') return outcome.answer as R;
  const { code, kind, message, details, errors } = outcome.error;
  throw new DomainError(code, kind, message, details, errors);
}
