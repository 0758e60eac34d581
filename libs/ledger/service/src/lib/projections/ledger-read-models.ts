import { ACCOUNT_ERASED_V1, ACCOUNT_REGISTERED_V1, AccountErasedV1, AccountRegisteredV1, INSTITUTION_DECIDED_V1, InstitutionDecidedV1, IntegrationEvent } from '@credit-bank/contracts';
import { Projection, ReadStore } from '@credit-bank/kernel';
import { AchievementsProjection } from './achievements/achievements.projection';
import { EvidenceProjection } from './evidence/evidence.projection';
import { InboxProjection } from './inbox/inbox.projection';
import { InstitutionStatisticsProjection } from './institution-statistics/institution-statistics.projection';
import { LearningAccountsProjection } from './learning-accounts/learning-accounts.projection';
import { InstitutionsDirectory } from './institutions/institutions-directory';
import { LearnersDirectory } from './learners/learners-directory';

/** Every projection of the ledger over its own events (the services run them; auditors replay them). */
export function ledgerProjections(): Projection[] {
  return [new AchievementsProjection(), new EvidenceProjection(), new LearningAccountsProjection(), new InboxProjection(), new InstitutionStatisticsProjection()];
}

/** The ledger's read models fed by other services' integration events, by topic. */
export function ledgerIntegrationConsumers(readStore: ReadStore): Record<string, (event: IntegrationEvent) => Promise<unknown>> {
  const learners = new LearnersDirectory(readStore);
  const institutions = new InstitutionsDirectory(readStore);
  return {
    [ACCOUNT_REGISTERED_V1]: async (event) => {
      await learners.accountRegistered(event as AccountRegisteredV1);
      await institutions.accountRegistered(event as AccountRegisteredV1);
    },
    [INSTITUTION_DECIDED_V1]: (event) => institutions.institutionDecided(event as InstitutionDecidedV1),
    [ACCOUNT_ERASED_V1]: (event) => learners.accountErased(event as AccountErasedV1),
  };
}
