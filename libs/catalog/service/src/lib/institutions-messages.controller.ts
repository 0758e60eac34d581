import {
  BusEnvelope,
  CATALOG_PATTERNS,
  GetQualificationInstitutionDto,
  ListQualificationInstitutionDto,
  QualificationInstitutionsPage,
  QualificationInstitutionView,
  ReviseQualificationInstitutionDto,
  SearchQualificationInstitutionsDto,
} from '@credit-bank/contracts';
import { carryPending, CommandOutcomes, commandScopedId, contextOf, isPending, pendingAnswer, requireActor, RpcErrorsFilter, validateDto } from '@credit-bank/platform';
import { Controller, UseFilters } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { ListInstitutionCommand } from './commands/list-institution/list-institution.command';
import { ReviseInstitutionCommand } from './commands/revise-institution/revise-institution.command';
import { GetInstitutionQuery } from './queries/get-institution/get-institution.query';
import { SearchInstitutionsQuery } from './queries/search-institutions/search-institutions.query';

/**
 * The qualification-institution directory (资历机构): search and lookup are public (identity asks
 * by credit code when the administrator approves an institution account; the ledger asks by id);
 * listing and revising need an administrator, checked here.
 */
@Controller()
@UseFilters(RpcErrorsFilter)
export class InstitutionsMessagesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly outcomes: CommandOutcomes,
  ) {}

  @MessagePattern(CATALOG_PATTERNS.searchInstitutions)
  async search(@Payload() envelope: BusEnvelope<unknown>): Promise<QualificationInstitutionsPage> {
    return this.queries.execute(new SearchInstitutionsQuery(await validateDto(SearchQualificationInstitutionsDto, envelope?.payload)));
  }

  @MessagePattern(CATALOG_PATTERNS.getInstitution)
  async get(@Payload() envelope: BusEnvelope<unknown>): Promise<QualificationInstitutionView> {
    const { id } = await validateDto(GetQualificationInstitutionDto, envelope?.payload);
    return this.queries.execute(new GetInstitutionQuery(id));
  }

  @MessagePattern(CATALOG_PATTERNS.listInstitution)
  async list(@Payload() envelope: BusEnvelope<unknown>): Promise<QualificationInstitutionView> {
    return this.outcomes.once(envelope.meta, CATALOG_PATTERNS.listInstitution, envelope.payload, async () => {
      requireActor(envelope.meta, 'admin');
      const { name, creditCode, aliases } = await validateDto(ListQualificationInstitutionDto, envelope.payload);
      const id = commandScopedId(envelope.meta, CATALOG_PATTERNS.listInstitution, 'institution');
      const result = await this.commands.execute(new ListInstitutionCommand(id, { name, creditCode: creditCode ?? null, aliases: aliases ?? [] }, contextOf(envelope.meta)));
      // Stored but not readable yet: its id and revision 0, marked pending (202), rather than a 404.
      if (isPending(result)) return pendingAnswer({ id, revision: 0 } as unknown as QualificationInstitutionView);
      return this.queries.execute(new GetInstitutionQuery(id));
    });
  }

  @MessagePattern(CATALOG_PATTERNS.reviseInstitution)
  async revise(@Payload() envelope: BusEnvelope<unknown>): Promise<QualificationInstitutionView> {
    return this.outcomes.once(envelope.meta, CATALOG_PATTERNS.reviseInstitution, envelope.payload, async () => {
      requireActor(envelope.meta, 'admin');
      const { id, expectedRevision, name, creditCode, aliases } = await validateDto(ReviseQualificationInstitutionDto, envelope.payload);
      const changes = { ...(name !== undefined ? { name } : {}), ...(creditCode !== undefined ? { creditCode } : {}), ...(aliases !== undefined ? { aliases } : {}) };
      const result = await this.commands.execute(new ReviseInstitutionCommand(id, changes, expectedRevision, contextOf(envelope.meta)));
      return carryPending(result, await this.queries.execute(new GetInstitutionQuery(id)));
    });
  }
}
