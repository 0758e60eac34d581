import { InstitutionStatisticsDto, InstitutionStatisticsView, MessageMeta } from '@credit-bank/contracts';
import { LedgerErrorCodes } from '@credit-bank/ledger-domain';
import { DomainError, READ_STORE, ReadStore } from '@credit-bank/kernel';
import { requireActor } from '@credit-bank/platform';
import { Inject, Injectable } from '@nestjs/common';
import {
  emptyInstitutionStatistics,
  INSTITUTION_STATISTICS_COLLECTION,
  InstitutionStatisticsDocument,
} from '../../projections/institution-statistics/institution-statistics.projection';
import { InstitutionsDirectory } from '../../projections/institutions/institutions-directory';

/**
 * 机构统计: an institution's figures — its own (actor `institution`) or any institution account's
 * (actor `admin`, by account id). Two reads by id (the account's link in ledger_institutions, then
 * the directory institution's document), whatever the size of the bank. An account not linked to a
 * directory institution (pending, rejected, approved before ids) has no figures: all zero.
 */
@Injectable()
export class GetInstitutionStatisticsHandler {
  constructor(
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    private readonly institutions: InstitutionsDirectory,
  ) {}

  async execute(criteria: InstitutionStatisticsDto, meta: MessageMeta): Promise<InstitutionStatisticsView> {
    const actor = requireActor(meta, 'institution', 'admin');
    const accountId = actor.role === 'admin' ? criteria.accountId : actor.accountId;
    const account = accountId ? await this.institutions.get(accountId) : undefined;
    if (!accountId || !account) {
      throw new DomainError(LedgerErrorCodes.INSTITUTION_NOT_FOUND, 'not_found', 'No institution account with this id.', { accountId: accountId ?? null });
    }
    const institutionId = account.institutionId ?? null;
    const found = institutionId ? await this.readStore.collection<InstitutionStatisticsDocument>(INSTITUTION_STATISTICS_COLLECTION).get(institutionId) : undefined;
    const doc = found ?? emptyInstitutionStatistics(institutionId ?? '');
    const byNumber = (a: [string, number], b: [string, number]) => Number(a[0]) - Number(b[0]);
    return {
      accountId,
      institutionId,
      institutionName: account.institutionName,
      submitted: doc.submitted,
      pending: doc.pending,
      recognised: doc.recognised,
      rejected: doc.rejected,
      returned: doc.returned,
      revoked: doc.revoked,
      creditsAwarded: doc.creditsAwarded,
      byCategory: Object.entries(doc.recognisedByCategory)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([category, recognised]) => ({ category, recognised })),
      byFrameworkLevel: Object.entries(doc.recognisedByFrameworkLevel)
        .sort(byNumber)
        .map(([level, recognised]) => ({ frameworkLevel: Number(level), recognised })),
      lastDecisionAt: doc.lastDecisionAt,
    };
  }
}
