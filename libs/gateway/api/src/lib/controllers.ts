import { Type } from '@nestjs/common';
import { CatalogAdminController } from './catalog/catalog-admin.controller';
import { CatalogController } from './catalog/catalog.controller';
import { ConversionRulesAdminController, ConversionRulesController } from './catalog/conversion-rules.controller';
import { QualificationInstitutionsAdminController, QualificationInstitutionsController } from './catalog/qualification-institutions.controller';
import { HealthController } from './health/health.controller';
import { AccountsController } from './identity/accounts.controller';
import { AdminAccountsController } from './identity/admin-accounts.controller';
import { AdminInstitutionsController } from './identity/admin-institutions.controller';
import { MeController } from './identity/me.controller';
import { PasswordResetsController } from './identity/password-resets.controller';
import { SessionsController } from './identity/sessions.controller';
import { SmsCodesController } from './identity/sms-codes.controller';
import { AchievementsController } from './ledger/achievements.controller';
import { EvidenceController } from './ledger/evidence.controller';
import { ReviewsController } from './ledger/reviews.controller';
import { RecognitionRoutingController, RevocationController } from './ledger/recognition-oversight.controller';
import { ConversionApplicationsController } from './ledger/conversion-applications.controller';
import { ConversionReviewsController } from './ledger/conversion-reviews.controller';
import { AdminInstitutionStatisticsController, InstitutionStatisticsController } from './ledger/institution-statistics.controller';
import { InboxController } from './ledger/inbox.controller';
import { LearningAccountController } from './ledger/learning-account.controller';
import { ReferenceController } from './reference/reference.controller';

/** Every HTTP controller of the gateway; each feature adds its own line. */
export const GATEWAY_CONTROLLERS: Type<unknown>[] = [
  HealthController,
  SmsCodesController, AccountsController, SessionsController, MeController,
  PasswordResetsController,
  AdminInstitutionsController, AdminAccountsController,
  CatalogController,
  CatalogAdminController, ConversionRulesController, ConversionRulesAdminController,
  QualificationInstitutionsController, QualificationInstitutionsAdminController,
  EvidenceController, AchievementsController,
  ReviewsController, RevocationController, RecognitionRoutingController,
  InstitutionStatisticsController, AdminInstitutionStatisticsController,
  LearningAccountController, ConversionApplicationsController, ConversionReviewsController, InboxController,
  ReferenceController,
];
