import { ErasedLearnerEvidence } from './erasure/erased-learner-evidence';
import { ExportPersonalDataHandler } from './queries/export-personal-data/export-personal-data.handler';
import { DynamicModule, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { CatalogLookup } from './catalog/catalog-lookup';
import { AmendAchievementHandler } from './commands/amend-achievement/amend-achievement.handler';
import { RegisterEvidenceHandler } from './commands/register-evidence/register-evidence.handler';
import { RequestRecognitionHandler } from './commands/request-recognition/request-recognition.handler';
import { StoreAchievementHandler } from './commands/store-achievement/store-achievement.handler';
import { WithdrawAchievementHandler } from './commands/withdraw-achievement/withdraw-achievement.handler';
import { EvidenceClaims } from './evidence/evidence-claims';
import { DEFAULT_EVIDENCE_SETTINGS, EVIDENCE_SETTINGS, EvidenceSettings } from './evidence/evidence-settings';
import { EvidenceSweeper } from './commands/expire-evidence/evidence-sweeper';
import { ConversionMessagesController, CONVERSION_PROVIDERS } from './conversion-messages.controller';
import { LedgerMessagesController } from './ledger-messages.controller';
import { RecognitionMessagesController } from './recognition-messages.controller';
import { ClaimRecognitionHandler } from './commands/claim-recognition/claim-recognition.handler';
import { RecogniseAchievementHandler } from './commands/recognise-achievement/recognise-achievement.handler';
import { RejectRecognitionHandler } from './commands/reject-recognition/reject-recognition.handler';
import { ReturnAchievementHandler } from './commands/return-achievement/return-achievement.handler';
import { ReviewSteps } from './commands/review-step';
import { InstitutionsDirectory } from './projections/institutions/institutions-directory';
import { GetReviewHandler } from './queries/get-review/get-review.handler';
import { ListReviewsHandler } from './queries/list-reviews/list-reviews.handler';
import { LearnersDirectory } from './projections/learners/learners-directory';
import { LedgerProjectionsHost } from './projections/ledger-projections.host';
import { GetAchievementHandler } from './queries/get-achievement/get-achievement.handler';
import { GetEvidenceHandler } from './queries/get-evidence/get-evidence.handler';
import { ListAchievementsHandler } from './queries/list-achievements/list-achievements.handler';
import { CertificateClaims } from './certificates/certificate-claims';
import { DeclineRoutingHandler } from './commands/decline-routing/decline-routing.handler';
import { RevokeRecognitionHandler } from './commands/revoke-recognition/revoke-recognition.handler';
import { RouteRecognitionHandler } from './commands/route-recognition/route-recognition.handler';
import { GetInstitutionStatisticsHandler } from './queries/get-institution-statistics/get-institution-statistics.handler';
import { ListRoutingQueueHandler } from './queries/list-routing-queue/list-routing-queue.handler';
import { ledgerUpcasters } from '@credit-bank/ledger-domain';
import { InstitutionDecisionNotices } from './projections/institutions/institution-decision-notices';
import { CommandOutcomes, upcastingEventStoreProvider } from '@credit-bank/platform';

export interface LedgerServiceOptions {
  /** Storage quota and the sweep of unattached files; defaults: DEFAULT_EVIDENCE_SETTINGS. */
  evidence?: Partial<EvidenceSettings>;
}

/**
 * The learner's ledger: evidence files, achievements, submission for recognition. Needs the
 * EVENT_STORE and READ_STORE ports, and BUS_CLIENT to ask the catalogue, from the
 * InfrastructureModule; consumes `identity.account-registered.v1` for learners' names.
 */
@Module({})
export class LedgerServiceModule {
  static forRoot(options: LedgerServiceOptions): DynamicModule {
    return {
      module: LedgerServiceModule,
      imports: [CqrsModule.forRoot()],
      controllers: [LedgerMessagesController, RecognitionMessagesController, ConversionMessagesController],
      providers: [
        // Its handlers, projections and statements read the ledger's events at today's schema versions.
        upcastingEventStoreProvider(ledgerUpcasters),
        LedgerProjectionsHost,
        CommandOutcomes,
        CertificateClaims,
        LearnersDirectory,
        CatalogLookup,
        EvidenceClaims,
        { provide: EVIDENCE_SETTINGS, useValue: { ...DEFAULT_EVIDENCE_SETTINGS, ...options.evidence } satisfies EvidenceSettings },
        RegisterEvidenceHandler,
        EvidenceSweeper,
        StoreAchievementHandler,
        AmendAchievementHandler,
        WithdrawAchievementHandler,
        RequestRecognitionHandler,
        GetEvidenceHandler,
        ListAchievementsHandler,
        GetAchievementHandler,
        ExportPersonalDataHandler,
        ErasedLearnerEvidence,
        // 认定 (recognition)
        InstitutionsDirectory, ReviewSteps, ClaimRecognitionHandler, RecogniseAchievementHandler, RejectRecognitionHandler, ReturnAchievementHandler, ListReviewsHandler, GetReviewHandler,
        // 撤销认定 and 管理中心's routing queue
        RevokeRecognitionHandler, ListRoutingQueueHandler, RouteRecognitionHandler, DeclineRoutingHandler, InstitutionDecisionNotices,
        // 机构统计 (institution statistics)
        GetInstitutionStatisticsHandler,
        // 积累 · 转换 · 成绩单 · 收件箱 (learning account, conversion, statement, inbox)
        ...CONVERSION_PROVIDERS,
      ],
    };
  }
}
