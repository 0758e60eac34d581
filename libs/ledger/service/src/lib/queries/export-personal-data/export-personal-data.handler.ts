import { LedgerPersonalData, LearningAccountView } from '@credit-bank/contracts';
import { READ_STORE, ReadStore } from '@credit-bank/kernel';
import { requireActor } from '@credit-bank/platform';
import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryBus, QueryHandler } from '@nestjs/cqrs';
import { toApplicationView, toMessageView } from '../../conversion/conversion-views';
import { ACHIEVEMENTS_COLLECTION, AchievementDocument } from '../../projections/achievements/achievements.projection';
import { EVIDENCE_COLLECTION, EvidenceDocument } from '../../projections/evidence/evidence.projection';
import { accountAddressee, INBOX_COLLECTION, InboxDocument } from '../../projections/inbox/inbox.projection';
import { InstitutionsDirectory } from '../../projections/institutions/institutions-directory';
import { LearnersDirectory, LEARNERS_COLLECTION, LearnerDocument } from '../../projections/learners/learners-directory';
import { CONVERSION_APPLICATIONS_COLLECTION, ConversionApplicationDocument } from '../../projections/learning-accounts/learning-accounts.projection';
import { toView } from '../achievement-views';
import { GetLearningAccountQuery } from '../get-learning-account/get-learning-account.query';
import { ExportPersonalDataQuery } from './export-personal-data.query';

const withoutStorage = <T extends object>(doc: T & { _position?: number; eventId?: string }): Omit<T, '_position' | 'eventId'> => {
  const { _position, eventId: _e, ...rest } = doc;
  return rest;
};

/**
 * 个人信息副本 (PIPL art. 45), the ledger's part: a learner's achievements with their whole
 * recognition record, the evidence files' metadata, the learning account, the conversion
 * applications, and the messages addressed to the account itself; for an institution account what
 * the ledger knows of it. Messages to a directory institution or 管理中心 belong to them, not to
 * the person reading them, and are left out.
 */
@QueryHandler(ExportPersonalDataQuery)
export class ExportPersonalDataHandler implements IQueryHandler<ExportPersonalDataQuery> {
  constructor(
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    private readonly learners: LearnersDirectory,
    private readonly institutions: InstitutionsDirectory,
    private readonly queries: QueryBus,
  ) {}

  async execute({ meta }: ExportPersonalDataQuery): Promise<LedgerPersonalData> {
    const actor = requireActor(meta);
    const id = actor.accountId;
    const inbox = (await this.readStore.collection<InboxDocument>(INBOX_COLLECTION).find({ where: { addressee: accountAddressee(id) }, sort: [['createdSeq', 'desc']] })).map(toMessageView);
    if (actor.role !== 'learner') {
      const institution = actor.role === 'institution' ? await this.institutions.get(id) : undefined;
      return { learner: null, institution: institution ? withoutStorage(institution) : null, achievements: [], evidence: [], learningAccount: null, conversionApplications: [], inbox };
    }
    const [learner, label, achievements, evidence, applications, learningAccount] = await Promise.all([
      this.readStore.collection<LearnerDocument>(LEARNERS_COLLECTION).get(id),
      this.learners.labelOf(id),
      this.readStore.collection<AchievementDocument>(ACHIEVEMENTS_COLLECTION).find({ where: { ownerId: id }, sort: [['addedSeq', 'asc']] }),
      this.readStore.collection<EvidenceDocument>(EVIDENCE_COLLECTION).find({ where: { ownerId: id }, sort: [['registeredAt', 'asc']] }),
      this.readStore.collection<ConversionApplicationDocument>(CONVERSION_APPLICATIONS_COLLECTION).find({ where: { learnerId: id }, sort: [['appliedSeq', 'asc']] }),
      this.queries.execute<GetLearningAccountQuery, LearningAccountView>(new GetLearningAccountQuery(meta)),
    ]);
    return {
      learner: learner ? withoutStorage(learner) : null,
      institution: null,
      achievements: achievements.map((doc) => toView(doc, label.learnerName)),
      evidence: evidence.map((doc) => ({ id: doc.id, mediaType: doc.mediaType, size: doc.size, sha256: doc.sha256, registeredAt: doc.registeredAt, attachedTo: doc.attachedTo })),
      learningAccount,
      conversionApplications: applications.map((doc) => toApplicationView(doc, label)),
      inbox,
    };
  }
}
