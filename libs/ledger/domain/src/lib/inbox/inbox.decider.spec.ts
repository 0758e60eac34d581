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

describe('institution decisions noted in the account’s inbox stream', () => {
  const decision = { accountId: 'i-1', identityEventId: 'e-1', decision: 'approved' as const, institutionName: '广东开放大学', institutionId: 'inst-1', decidedAt: '2025-01-02T00:00:00.000Z' };
  const note = { type: 'NoteInstitutionDecision' as const, decision };

  it('notes each identity event once, whatever else the stream holds', () => {
    const [noted] = givenWhenThen(inboxDecider, [read('m-1')], note);
    expect(noted).toEqual({ type: 'InstitutionDecisionNoted', data: decision });
    expect(givenWhenThen(inboxDecider, [read('m-1'), noted], note)).toEqual([]);
    expect(givenWhenThen(inboxDecider, [noted], { ...note, decision: { ...decision, identityEventId: 'e-2', decision: 'rejected', institutionId: null, reason: '资质不符' } })).toHaveLength(1);
    expect(inboxTransitions.InstitutionDecisionNoted).toEqual(['absent', 'open']);
  });
});
