import {
  AccountErasureReceipt,
  ApproveInstitutionMessageDto,
  EraseAccountByAdministratorMessageDto,
  BusEnvelope,
  IDENTITY_PATTERNS,
  InstitutionPage,
  InstitutionView,
  ListInstitutionsDto,
  RejectInstitutionMessageDto,
} from '@credit-bank/contracts';
import { CommandOutcomes, RpcErrorsFilter, validateDto } from '@credit-bank/platform';
import { Controller, UseFilters } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { ApproveInstitutionCommand } from './commands/approve-institution/approve-institution.command';
import { EraseAccountCommand } from './commands/erase-account/erase-account.command';
import { RejectInstitutionCommand } from './commands/reject-institution/reject-institution.command';
import { InstitutionDirectory } from './projections/accounts/institution-directory';
import { ListInstitutionsQuery } from './queries/list-institutions/list-institutions.query';

/** 机构审核 on the bus: the administrator lists, approves and rejects institutions; and erases a learner's account on a recorded request. */
@Controller()
@UseFilters(RpcErrorsFilter)
export class AdministrationMessagesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly outcomes: CommandOutcomes,
    private readonly institutions: InstitutionDirectory,
  ) {}

  /** The view holds the institution's contacts: an outcome keeps its id and reads it again for a repeat. */
  private readonly byInstitutionId = {
    keep: (view: InstitutionView) => ({ id: view.id }),
    answer: (kept: Record<string, unknown>) => this.institutions.get(String(kept.id)),
  };

  @MessagePattern(IDENTITY_PATTERNS.listInstitutions)
  async listInstitutions(@Payload() { meta, payload }: BusEnvelope<unknown>): Promise<InstitutionPage> {
    return this.queries.execute(new ListInstitutionsQuery(await validateDto(ListInstitutionsDto, payload), meta));
  }

  @MessagePattern(IDENTITY_PATTERNS.approveInstitution)
  async approveInstitution(@Payload() { meta, payload }: BusEnvelope<unknown>): Promise<InstitutionView> {
    return this.outcomes.once(
      meta,
      IDENTITY_PATTERNS.approveInstitution,
      payload,
      async () => this.commands.execute(new ApproveInstitutionCommand(await validateDto(ApproveInstitutionMessageDto, payload), meta)),
      this.byInstitutionId,
    );
  }

  @MessagePattern(IDENTITY_PATTERNS.rejectInstitution)
  async rejectInstitution(@Payload() { meta, payload }: BusEnvelope<unknown>): Promise<InstitutionView> {
    return this.outcomes.once(
      meta,
      IDENTITY_PATTERNS.rejectInstitution,
      payload,
      async () => this.commands.execute(new RejectInstitutionCommand(await validateDto(RejectInstitutionMessageDto, payload), meta)),
      this.byInstitutionId,
    );
  }

  @MessagePattern(IDENTITY_PATTERNS.eraseAccountByAdministrator)
  async eraseAccount(@Payload() { meta, payload }: BusEnvelope<unknown>): Promise<AccountErasureReceipt> {
    return this.commands.execute(new EraseAccountCommand({ requestedBy: 'administrator', ...(await validateDto(EraseAccountByAdministratorMessageDto, payload)) }, meta));
  }
}
