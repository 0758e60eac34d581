import { InstitutionPage, InstitutionStatus, InstitutionView } from '@credit-bank/contracts';
import { IdentityErrorCodes } from '@credit-bank/identity-domain';
import { DomainError, READ_STORE, ReadStore } from '@credit-bank/kernel';
import { Inject, Injectable } from '@nestjs/common';
import { ACCOUNTS_COLLECTION, AccountDocument } from './accounts.projection';
import { institutionView } from './institution-view';

/** Institution accounts in the read model, for the administrator. */
@Injectable()
export class InstitutionDirectory {
  constructor(@Inject(READ_STORE) private readonly readStore: ReadStore) {}

  async get(id: string): Promise<InstitutionView> {
    const doc = await this.accounts().get(id);
    if (!doc || doc.type !== 'institution') throw new DomainError(IdentityErrorCodes.INSTITUTION_NOT_FOUND, 'not_found', 'No such institution.');
    return institutionView(doc);
  }

  /** Oldest registration first (the order of the review queue). */
  async list(status: InstitutionStatus | undefined, page: number, pageSize: number): Promise<InstitutionPage> {
    const where = { type: 'institution', ...(status ? { status } : {}) };
    const [docs, total] = await Promise.all([
      this.accounts().find({ where, sort: [['registeredAt', 'asc'], ['id', 'asc']], skip: (page - 1) * pageSize, limit: pageSize }),
      this.accounts().count({ where }),
    ]);
    return { items: docs.map(institutionView), total, page, pageSize };
  }

  /** The account linked to a directory institution, other than `exceptAccountId`, if any. */
  async linkedTo(institutionId: string, exceptAccountId?: string): Promise<string | null> {
    const docs = await this.accounts().find({ where: { institutionId, type: 'institution' }, limit: 2 });
    return docs.find((d) => d.id !== exceptAccountId)?.id ?? null;
  }

  private accounts() {
    return this.readStore.collection<AccountDocument>(ACCOUNTS_COLLECTION);
  }
}
