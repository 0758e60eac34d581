import { assertNever, Decider, TransitionRules } from '@credit-bank/kernel';

/**
 * The read marks of one reader's inbox (收件箱), one stream per reader account:
 * `ledger.inbox-<accountId>`. The messages themselves are projected from other events
 * (ledger_inbox); what a reader did with them — marking one read — is an event of its own, so a
 * rebuilt read model still knows it. Whether the message exists and is the reader's is checked by
 * the handler against the read model before the command is decided.
 */
export const INBOX_STREAM_PREFIX = 'ledger.inbox-';
export const inboxStreamId = (readerId: string): string => `${INBOX_STREAM_PREFIX}${readerId}`;

export type InboxEvent = { type: 'InboxMessageRead'; data: { messageId: string; readerId: string; readAt: string } };

export interface MarkInboxMessageRead {
  type: 'MarkInboxMessageRead';
  messageId: string;
  readerId: string;
  now: string;
}

export type InboxCommand = MarkInboxMessageRead;

export interface InboxState {
  status: 'absent' | 'open';
  revision: number;
  read: Readonly<Record<string, string>>;
}

export const inboxDecider: Decider<InboxCommand, InboxEvent, InboxState> = {
  initialState: { status: 'absent', revision: -1, read: {} },
  evolve(state, event) {
    switch (event.type) {
      case 'InboxMessageRead':
        return { status: 'open', revision: state.revision + 1, read: { ...state.read, [event.data.messageId]: event.data.readAt } };
      default:
        return assertNever(event.type, 'inbox event');
    }
  },
  decide(command, state) {
    switch (command.type) {
      case 'MarkInboxMessageRead':
        // Marking a read message again changes nothing (and is not an error).
        if (state.read[command.messageId]) return [];
        return [{ type: 'InboxMessageRead', data: { messageId: command.messageId, readerId: command.readerId, readAt: command.now } }];
      default:
        return assertNever(command.type, 'inbox command');
    }
  },
};

export const inboxTransitions: TransitionRules<InboxEvent> = { InboxMessageRead: ['absent', 'open'] };
