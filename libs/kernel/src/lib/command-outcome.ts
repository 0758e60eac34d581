import { Decider } from './decider';
import { assertNever, DomainError, ErrorPayload } from './errors';
import { TransitionRules } from './transitions';

/**
 * Exactly-once outcomes of a command, one stream per idempotency key: `outcome-<hash>`, the hash of
 * the message pattern, the caller and the key (so keys of different callers or commands never
 * meet). A delivery starts the command with the stream's expected revision (two deliveries cannot
 * both start it), then records what the client was answered; a repeated delivery — a Kafka
 * redelivery or the client's retry — gets that first answer back. A start that never finished
 * (the process died) may be taken over once its lease has run out; a failure that says nothing of
 * the outcome (a service unavailable) is abandoned, so a retry runs the command again.
 * The answers kept here carry ids, revisions and statuses, never personal data.
 */
export const COMMAND_OUTCOME_STREAM_PREFIX = 'outcome-';

export type CommandOutcome = { kind: 'answer'; answer: unknown } | { kind: 'refusal'; error: ErrorPayload };

export type CommandOutcomeEvent =
  | { type: 'CommandStarted'; data: { pattern: string; fingerprint: string; startedAt: string; leaseUntil: string } }
  | { type: 'CommandCompleted'; data: { outcome: CommandOutcome; completedAt: string } }
  | { type: 'CommandAbandoned'; data: { reason: string; abandonedAt: string } };

export type CommandOutcomeState =
  | { status: 'new' }
  | { status: 'running'; fingerprint: string; leaseUntil: string }
  | { status: 'done'; fingerprint: string; outcome: CommandOutcome }
  | { status: 'abandoned'; fingerprint: string };

export type CommandOutcomeCommand =
  | { type: 'StartCommand'; pattern: string; fingerprint: string; now: string; leaseMs: number }
  | { type: 'CompleteCommand'; fingerprint: string; outcome: CommandOutcome; now: string }
  | { type: 'AbandonCommand'; fingerprint: string; reason: string; now: string };

export const CommandOutcomeErrorCodes = {
  KEY_REUSED: 'IDEMPOTENCY.KEY_REUSED',
  IN_PROGRESS: 'IDEMPOTENCY.IN_PROGRESS',
} as const;

export const keyReused = (): DomainError =>
  new DomainError(CommandOutcomeErrorCodes.KEY_REUSED, 'conflict', 'This Idempotency-Key was used for another request; use a new key for a new request.');

export const commandInProgress = (): DomainError =>
  new DomainError(CommandOutcomeErrorCodes.IN_PROGRESS, 'unavailable', 'A request with this Idempotency-Key is still being handled; retry with the same key later.', {
    retryAfterSeconds: 2,
  });

function sameRequest(state: CommandOutcomeState, fingerprint: string): void {
  if (state.status !== 'new' && state.fingerprint !== fingerprint) throw keyReused();
}

export const commandOutcomeDecider: Decider<CommandOutcomeCommand, CommandOutcomeEvent, CommandOutcomeState> = {
  initialState: { status: 'new' },
  evolve(state, event) {
    switch (event.type) {
      case 'CommandStarted':
        return { status: 'running', fingerprint: event.data.fingerprint, leaseUntil: event.data.leaseUntil };
      case 'CommandCompleted':
        return state.status === 'new' ? state : { status: 'done', fingerprint: state.fingerprint, outcome: event.data.outcome };
      case 'CommandAbandoned':
        return state.status === 'new' ? state : { status: 'abandoned', fingerprint: state.fingerprint };
      default:
        return assertNever(event, 'command outcome event');
    }
  },
  decide(command, state) {
    sameRequest(state, command.fingerprint);
    switch (command.type) {
      case 'StartCommand': {
        // A finished command is answered from its outcome, a running one waited for (the handler's part).
        if (state.status === 'done') return [];
        if (state.status === 'running' && state.leaseUntil > command.now) throw commandInProgress();
        const leaseUntil = new Date(Date.parse(command.now) + command.leaseMs).toISOString();
        return [{ type: 'CommandStarted', data: { pattern: command.pattern, fingerprint: command.fingerprint, startedAt: command.now, leaseUntil } }];
      }
      case 'CompleteCommand':
        if (state.status !== 'running') return [];
        return [{ type: 'CommandCompleted', data: { outcome: command.outcome, completedAt: command.now } }];
      case 'AbandonCommand':
        if (state.status !== 'running') return [];
        return [{ type: 'CommandAbandoned', data: { reason: command.reason, abandonedAt: command.now } }];
      default:
        return assertNever(command, 'command outcome command');
    }
  },
};

export const commandOutcomeTransitions: TransitionRules<CommandOutcomeEvent> = {
  // `running` again: a start whose lease ran out, taken over.
  CommandStarted: ['new', 'running', 'abandoned'],
  CommandCompleted: ['running'],
  CommandAbandoned: ['running'],
};
