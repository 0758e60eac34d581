import { ACCOUNT_REGISTERED_V1, AccountRegisteredV1, IntegrationEvent } from '@credit-bank/contracts';
import { Projection, ReadStore } from '@credit-bank/kernel';
import { AchievementsProjection } from './achievements/achievements.projection';
import { EvidenceProjection } from './evidence/evidence.projection';
import { LearnersDirectory } from './learners/learners-directory';

/** Every projection of the ledger over its own events (the services run them; auditors replay them). */
export function ledgerProjections(): Projection[] {
  return [new AchievementsProjection(), new EvidenceProjection()];
}

/** The ledger's read models fed by other services' integration events, by topic. */
export function ledgerIntegrationConsumers(readStore: ReadStore): Record<string, (event: IntegrationEvent) => Promise<unknown>> {
  const learners = new LearnersDirectory(readStore);
  return { [ACCOUNT_REGISTERED_V1]: (event) => learners.accountRegistered(event as AccountRegisteredV1) };
}
