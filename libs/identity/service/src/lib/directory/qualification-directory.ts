import { CATALOG_PATTERNS, MessageMeta, QualificationInstitutionsPage, QualificationInstitutionView } from '@credit-bank/contracts';
import { IdentityErrorCodes } from '@credit-bank/identity-domain';
import { DomainError } from '@credit-bank/kernel';
import { BUS_CLIENT } from '@credit-bank/platform';
import { Inject, Injectable, Optional } from '@nestjs/common';
import { ClientProxy } from '@nestjs/microservices';
import { firstValueFrom, timeout } from 'rxjs';
import { IDENTITY_OPTIONS, ResolvedIdentityOptions } from '../identity-options';

/**
 * The catalogue's directory of qualification institutions (资历机构), asked over the bus
 * (request-reply), never read directly: by id, or by an institution account's credit code.
 */
@Injectable()
export class QualificationDirectory {
  constructor(
    @Inject(IDENTITY_OPTIONS) private readonly options: ResolvedIdentityOptions,
    @Optional() @Inject(BUS_CLIENT) private readonly bus?: ClientProxy,
  ) {}

  /** The institution, or undefined when the catalog says there is none. */
  async byId(id: string, meta: MessageMeta): Promise<QualificationInstitutionView | undefined> {
    try {
      return await this.call<QualificationInstitutionView>(CATALOG_PATTERNS.getInstitution, { id }, meta);
    } catch (error) {
      if (DomainError.isPayload(error) && error.kind === 'not_found') return undefined;
      throw error;
    }
  }

  /** The institution with this credit code (codes are unique in the directory), or undefined. */
  async byCreditCode(creditCode: string, meta: MessageMeta): Promise<QualificationInstitutionView | undefined> {
    const page = await this.call<QualificationInstitutionsPage>(CATALOG_PATTERNS.searchInstitutions, { creditCode, page: 1, pageSize: 1 }, meta);
    return page.items[0];
  }

  private async call<R>(pattern: string, payload: unknown, meta: MessageMeta): Promise<R> {
    if (!this.bus) throw unavailable('no bus client is bound');
    try {
      return await firstValueFrom(this.bus.send<R>(pattern, { meta, payload }).pipe(timeout(this.options.catalogRequestTimeoutMs)));
    } catch (error) {
      if (DomainError.isPayload(error) && error.kind === 'not_found') throw error;
      throw unavailable(error instanceof Error ? error.message : String((error as { message?: unknown })?.message ?? error));
    }
  }
}

function unavailable(reason: string): DomainError {
  return new DomainError(IdentityErrorCodes.DIRECTORY_UNAVAILABLE, 'unavailable', `The directory of qualification institutions could not be asked: ${reason}`);
}
