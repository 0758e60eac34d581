import { InstitutionPage, InstitutionView, MessageMeta, pageOf } from '@credit-bank/contracts';
import { requireActor } from '@credit-bank/platform';
import { Logger } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { QualificationDirectory } from '../../directory/qualification-directory';
import { InstitutionDirectory } from '../../projections/accounts/institution-directory';
import { ListInstitutionsQuery } from './list-institutions.query';

/**
 * 机构审核: institutions by status, for administrators only (AUTH.FORBIDDEN otherwise). An account
 * not linked yet shows the directory institution of its credit code and whether another account
 * is already linked to it, so the administrator sees two accounts claiming one institution before
 * approving; when the catalog cannot be asked the list still answers, without `directoryMatch`.
 */
@QueryHandler(ListInstitutionsQuery)
export class ListInstitutionsHandler implements IQueryHandler<ListInstitutionsQuery> {
  private readonly logger = new Logger(ListInstitutionsHandler.name);

  constructor(
    private readonly institutions: InstitutionDirectory,
    private readonly directory: QualificationDirectory,
  ) {}

  async execute({ payload, meta }: ListInstitutionsQuery): Promise<InstitutionPage> {
    requireActor(meta, 'admin');
    const { page, pageSize } = pageOf(payload);
    const result = await this.institutions.list(payload.status, page, pageSize);
    return { ...result, items: await Promise.all(result.items.map((item) => this.withDirectoryMatch(item, meta))) };
  }

  private async withDirectoryMatch(item: InstitutionView, meta: MessageMeta): Promise<InstitutionView> {
    if (item.institutionId || item.status === 'rejected' || !item.unifiedSocialCreditCode) return item;
    try {
      const match = await this.directory.byCreditCode(item.unifiedSocialCreditCode, meta);
      if (!match) return { ...item, directoryMatch: null };
      return { ...item, directoryMatch: { institutionId: match.id, name: match.name, linkedAccountId: await this.institutions.linkedTo(match.id, item.id) } };
    } catch (error) {
      this.logger.warn(`No directory match for institution account ${item.id}: ${error instanceof Error ? error.message : String(error)}`);
      return item;
    }
  }
}
