import {
  ACHIEVEMENT_STREAM_PREFIX,
  AchievementFacts,
  emptyLearningAccount,
  evolveAchievementFacts,
  LEARNING_ACCOUNT_STREAM_PREFIX,
  learningAccountBalance,
  LearningAccountBalance,
  learningAccountDecider,
  LearningAccountEvent,
  LearningAccountState,
  AccountAchievement,
  AccountConversion,
} from '@credit-bank/ledger-domain';
import { Projection, ReadStore, RecordedEvent } from '@credit-bank/kernel';
import { BatchDocuments } from '../batch-documents';

/** v2 (revocations, a certificate counted once, awarding institutions by id); the v1 collections are superseded. */
export const LEARNING_ACCOUNTS_COLLECTION = 'ledger_learning_accounts_v2';
export const CONVERSION_APPLICATIONS_COLLECTION = 'ledger_conversion_applications_v2';
/** Internal to the projection: what it knows of every achievement (to name and classify recognised ones). */
export const ACCOUNT_ACHIEVEMENT_FACTS_COLLECTION = 'ledger_learning_account_achievements_v2';

/** Facts kept in the account document (without the learner's full details). */
export type RecognisedFacts = Omit<AchievementFacts, 'details'>;

/** One document per learner who has recognised credits or applications: the balance, ready to answer. */
export interface LearningAccountDocument extends LearningAccountBalance {
  learnerId: string;
  /** What the balance is computed from. */
  recognised: Record<string, RecognisedFacts>;
  account: LearningAccountState;
}

/** One document per conversion application: the learner's list and the awarding institution's queue. */
export interface ConversionApplicationDocument extends AccountConversion {
  learnerId: string;
  /** The awarding institution's directory id: its reviewers' queue. */
  awardingInstitutionId: string;
  awardingInstitution: string;
  /** Global position of ConversionApplied: the lists' order. */
  appliedSeq: number;
  achievementCredits: number;
  achievements: AccountAchievement[];
}

const ACHIEVEMENT_EVENTS = new Set(['AchievementStored', 'AchievementAmended', 'AchievementRecognised', 'AchievementWithdrawn', 'RecognitionRevoked']);
/** The events that change what the account counts of an achievement. */
const COUNTED_EVENTS = new Set(['AchievementRecognised', 'RecognitionRevoked']);
const ACCOUNT_EVENTS = new Set(['ConversionApplied', 'ConversionApproved', 'ConversionRejected']);

const emptyDocument = (learnerId: string): LearningAccountDocument => ({
  learnerId,
  recognised: {},
  account: emptyLearningAccount,
  ...learningAccountBalance([], emptyLearningAccount),
});

function withBalance(doc: LearningAccountDocument): LearningAccountDocument {
  return { ...doc, ...learningAccountBalance(Object.values(doc.recognised).map((f) => ({ ...f, details: undefined }) as unknown as AchievementFacts), doc.account) };
}

/**
 * ledger_learning_accounts and ledger_conversion_applications, fed by the achievements'
 * AchievementRecognised (and the events that name them) and by the learning accounts' events.
 * Every document keeps the position of the last event applied to it and skips what it has, so
 * applying the same events twice, or an older batch again, changes nothing.
 */
export class LearningAccountsProjection implements Projection {
  /** v2: revocations, one certificate counted once, awarding institutions by directory id. */
  readonly name = 'ledger.learning-accounts.v2';
  readonly supersedes = ['ledger_learning_accounts', 'ledger_conversion_applications', 'ledger_learning_account_achievements'];
  readonly indexes = [
    { collection: CONVERSION_APPLICATIONS_COLLECTION, fields: ['learnerId', 'appliedSeq'] },
    { collection: CONVERSION_APPLICATIONS_COLLECTION, fields: ['awardingInstitutionId', 'status', 'appliedSeq'] },
  ];

  async apply(events: RecordedEvent[], store: ReadStore): Promise<void> {
    const facts = new BatchDocuments<AchievementFacts>(store.collection(ACCOUNT_ACHIEVEMENT_FACTS_COLLECTION));
    const accounts = new BatchDocuments<LearningAccountDocument>(store.collection(LEARNING_ACCOUNTS_COLLECTION));
    const applications = new BatchDocuments<ConversionApplicationDocument>(store.collection(CONVERSION_APPLICATIONS_COLLECTION));

    const account = async (learnerId: string) => (await accounts.get(learnerId))?.doc ?? emptyDocument(learnerId);

    // What the batch touches, in two rounds: the achievements' facts, the accounts and the
    // applications the events name; then the accounts of the achievements' owners.
    const achievementIds: string[] = [];
    const learnerIds: string[] = [];
    const applicationIds: string[] = [];
    for (const event of events) {
      const data = event.data as { achievementId?: unknown; ownerId?: unknown; applicationId?: unknown };
      if (event.streamId.startsWith(ACHIEVEMENT_STREAM_PREFIX) && ACHIEVEMENT_EVENTS.has(event.type)) {
        achievementIds.push(String(data.achievementId));
        if (typeof data.ownerId === 'string') learnerIds.push(data.ownerId);
      } else if (event.streamId.startsWith(LEARNING_ACCOUNT_STREAM_PREFIX) && ACCOUNT_EVENTS.has(event.type)) {
        learnerIds.push(event.streamId.slice(LEARNING_ACCOUNT_STREAM_PREFIX.length));
        if (typeof data.applicationId === 'string') applicationIds.push(data.applicationId);
      }
    }
    await Promise.all([facts.load(achievementIds), accounts.load(learnerIds), applications.load(applicationIds)]);
    const owners: string[] = [];
    for (const id of new Set(achievementIds)) {
      const ownerId = (await facts.get(id))?.doc?.ownerId;
      if (ownerId) owners.push(ownerId);
    }
    await accounts.load(owners);

    for (const event of events) {
      if (event.streamId.startsWith(ACHIEVEMENT_STREAM_PREFIX) && ACHIEVEMENT_EVENTS.has(event.type)) {
        const id = (event.data as { achievementId: string }).achievementId;
        let current = (await facts.get(id))?.doc ?? undefined;
        if (!(await facts.stale(id, event.position))) {
          current = evolveAchievementFacts(current, event);
          if (current) facts.put(id, current, event.position);
        }
        if (!COUNTED_EVENTS.has(event.type) || !current) continue;
        if (await accounts.stale(current.ownerId, event.position)) continue;
        const { details: _details, ...recognised } = current;
        const doc = withBalance({ ...(await account(current.ownerId)), recognised: { ...(await account(current.ownerId)).recognised, [id]: recognised } });
        accounts.put(current.ownerId, doc, event.position);
        // A revocation flags the application that holds or spent the achievement (never changes its status).
        if (event.type === 'RecognitionRevoked') {
          for (const conversion of doc.conversions.filter((c) => c.achievementIds.includes(id))) {
            const previous = (await applications.get(conversion.applicationId))?.doc;
            if (!previous || (await applications.stale(conversion.applicationId, event.position))) continue;
            applications.put(conversion.applicationId, { ...previous, revokedAchievementIds: conversion.revokedAchievementIds }, event.position);
          }
        }
      } else if (event.streamId.startsWith(LEARNING_ACCOUNT_STREAM_PREFIX) && ACCOUNT_EVENTS.has(event.type)) {
        const learnerId = event.streamId.slice(LEARNING_ACCOUNT_STREAM_PREFIX.length);
        const domainEvent = { type: event.type, data: event.data } as LearningAccountEvent;
        let doc = await account(learnerId);
        if (!(await accounts.stale(learnerId, event.position))) {
          doc = withBalance({ ...doc, account: learningAccountDecider.evolve(doc.account, domainEvent) });
          accounts.put(learnerId, doc, event.position);
        }
        const applicationId = domainEvent.data.applicationId;
        if (await applications.stale(applicationId, event.position)) continue;
        const conversion = doc.conversions.find((c) => c.applicationId === applicationId);
        if (!conversion) continue;
        const previous = (await applications.get(applicationId))?.doc;
        // The achievements as the account has them now (held, then spent or available again).
        const achievements = conversion.achievementIds
          .map((achievementId) => doc.achievements.find((a) => a.achievementId === achievementId) ?? previous?.achievements.find((a) => a.achievementId === achievementId))
          .filter((a): a is AccountAchievement => !!a);
        applications.put(
          applicationId,
          {
            ...conversion,
            learnerId,
            awardingInstitutionId: conversion.target.awardingInstitutionId,
            awardingInstitution: conversion.target.awardingInstitution,
            appliedSeq: previous?.appliedSeq ?? event.position,
            achievements,
            achievementCredits: Math.round(achievements.reduce((sum, a) => sum + a.credits, 0) * 10) / 10,
          },
          event.position,
        );
      }
    }
    await facts.flush();
    await accounts.flush();
    await applications.flush();
  }
}
