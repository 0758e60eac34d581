import { fold, givenWhenThen } from '@credit-bank/kernel';
import { InboxEvent, inboxDecider, inboxStreamId, inboxTransitions } from './inbox.decider';

const read = (messageId: string): InboxEvent => ({ type: 'InboxMessageRead', data: { messageId, readerId: 'u-1', readAt: '2025-01-01T00:00:00.000Z' } });

describe('inbox (收件箱) read marks', () => {
  it('marks a message read once; marking it again records nothing', () => {
    const mark = { type: 'MarkInboxMessageRead' as const, messageId: 'm-1', readerId: 'u-1', now: '2025-01-01T00:00:00.000Z' };
    expect(givenWhenThen(inboxDecider, [], mark)).toEqual([read('m-1')]);
    expect(givenWhenThen(inboxDecider, [read('m-1')], mark)).toEqual([]);
    expect(givenWhenThen(inboxDecider, [read('m-2')], mark)).toEqual([read('m-1')]);
    expect(fold(inboxDecider, [read('m-1')])).toMatchObject({ status: 'open', revision: 0 });
    expect(inboxStreamId('u-1')).toBe('ledger.inbox-u-1');
    expect(inboxTransitions.InboxMessageRead).toEqual(['absent', 'open']);
  });
});
