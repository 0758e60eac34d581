import { assertNever, Decider, TransitionRules } from '@credit-bank/kernel';

/**
 * One reader's inbox (收件箱), one stream per reader account: `ledger.inbox-<accountId>`. The
 * messages are projected from other events (ledger_inbox); what a reader did with them — marking
 * one read — is an event of its own, so a rebuilt read model still knows it. Whether the message
 * exists and is the reader's is checked by the handler against the read model before the command
 * is decided. An institution account's stream also notes the administrator's decision on it (as
 * identity announced it), so the account hears of it in its inbox and a rebuild says the same.
 */
export const INBOX_STREAM_PREFIX = 'ledger.inbox-';
export const inboxStreamId = (readerId: string): string => `${INBOX_STREAM_PREFIX}${readerId}`;

/** 机构审核 as the ledger heard it from identity (`identityEventId`: the integration event, noted once). */
export interface InstitutionDecisionNotedData {
  accountId: string;
  identityEventId: string;
  decision: 'approved' | 'rejected';
  institutionName: string;
  /** The directory institution the approved account reviews for; null: rejected, or not linked. */
  institutionId: string | null;
  reason?: string;
  decidedAt: string;
}

export type InboxEvent =
  | { type: 'InboxMessageRead'; data: { messageId: string; readerId: string; readAt: string } }
  | { type: 'InstitutionDecisionNoted'; data: InstitutionDecisionNotedData };

export interface MarkInboxMessageRead {
  type: 'MarkInboxMessageRead';
  messageId: string;
  readerId: string;
  now: string;
}

export interface NoteInstitutionDecision {
  type: 'NoteInstitutionDecision';
  decision: InstitutionDecisionNotedData;
}

export type InboxCommand = MarkInboxMessageRead | NoteInstitutionDecision;

export interface InboxState {
  status: 'absent' | 'open';
  revision: number;
  read: Readonly<Record<string, string>>;
  /** Identity events already noted (a duplicate delivery notes nothing). */
  noted: Readonly<Record<string, true>>;
}

export const inboxDecider: Decider<InboxCommand, InboxEvent, InboxState> = {
  initialState: { status: 'absent', revision: -1, read: {}, noted: {} },
  evolve(state, event) {
    switch (event.type) {
      case 'InboxMessageRead':
        return { ...state, status: 'open', revision: state.revision + 1, read: { ...state.read, [event.data.messageId]: event.data.readAt } };
      case 'InstitutionDecisionNoted':
        return { ...state, status: 'open', revision: state.revision + 1, noted: { ...(state.noted ?? {}), [event.data.identityEventId]: true } };
      default:
        return assertNever(event, 'inbox event');
    }
  },
  decide(command, state) {
    switch (command.type) {
      case 'MarkInboxMessageRead':
        // Marking a read message again changes nothing (and is not an error).
        if (state.read[command.messageId]) return [];
        return [{ type: 'InboxMessageRead', data: { messageId: command.messageId, readerId: command.readerId, readAt: command.now } }];
      case 'NoteInstitutionDecision':
        if (state.noted?.[command.decision.identityEventId]) return [];
        return [{ type: 'InstitutionDecisionNoted', data: command.decision }];
      default:
        return assertNever(command, 'inbox command');
    }
  },
};

export const inboxTransitions: TransitionRules<InboxEvent> = { InboxMessageRead: ['absent', 'open'], InstitutionDecisionNoted: ['absent', 'open'] };
