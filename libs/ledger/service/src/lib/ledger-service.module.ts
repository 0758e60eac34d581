import { DynamicModule, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { CatalogLookup } from './catalog/catalog-lookup';
import { AmendAchievementHandler } from './commands/amend-achievement/amend-achievement.handler';
import { RegisterEvidenceHandler } from './commands/register-evidence/register-evidence.handler';
import { RequestRecognitionHandler } from './commands/request-recognition/request-recognition.handler';
import { StoreAchievementHandler } from './commands/store-achievement/store-achievement.handler';
import { WithdrawAchievementHandler } from './commands/withdraw-achievement/withdraw-achievement.handler';
import { EvidenceClaims } from './evidence/evidence-claims';
import { LedgerMessagesController } from './ledger-messages.controller';
import { LearnersDirectory } from './projections/learners/learners-directory';
import { LedgerProjectionsHost } from './projections/ledger-projections.host';
import { GetAchievementHandler } from './queries/get-achievement/get-achievement.handler';
import { GetEvidenceHandler } from './queries/get-evidence/get-evidence.handler';
import { ListAchievementsHandler } from './queries/list-achievements/list-achievements.handler';

export interface LedgerServiceOptions {
  [option: string]: unknown;
}

/**
 * The learner's ledger: evidence files, achievements, submission for recognition. Needs the
 * EVENT_STORE and READ_STORE ports, and BUS_CLIENT to ask the catalogue, from the
 * InfrastructureModule; consumes `identity.account-registered.v1` for learners' names.
 */
@Module({})
export class LedgerServiceModule {
  static forRoot(_options: LedgerServiceOptions): DynamicModule {
    return {
      module: LedgerServiceModule,
      imports: [CqrsModule.forRoot()],
      controllers: [LedgerMessagesController],
      providers: [
        LedgerProjectionsHost,
        LearnersDirectory,
        CatalogLookup,
        EvidenceClaims,
        RegisterEvidenceHandler,
        StoreAchievementHandler,
        AmendAchievementHandler,
        WithdrawAchievementHandler,
        RequestRecognitionHandler,
        GetEvidenceHandler,
        ListAchievementsHandler,
        GetAchievementHandler,
      ],
    };
  }
}
