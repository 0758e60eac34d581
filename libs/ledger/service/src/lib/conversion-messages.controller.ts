import {
  ApplyForConversionDto,
  BusEnvelope,
  CONVERSION_PATTERNS,
  ConversionApplicationIdDto,
  ConversionApplicationsPage,
  ConversionApplicationView,
  InboxMessageIdDto,
  InboxMessageView,
  InboxPage,
  LearningAccountView,
  ListConversionApplicationsDto,
  ListInboxDto,
  RejectConversionMessageDto,
  StatementQueryDto,
  StatementView,
} from '@credit-bank/contracts';
import { CommandOutcomes, requireActor, RpcErrorsFilter, validateDto } from '@credit-bank/platform';
import { Controller, UseFilters } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { ConversionRuleLookup } from './catalog/conversion-rule-lookup';
import { ApplyForConversionHandler } from './commands/apply-for-conversion/apply-for-conversion.handler';
import { ApproveConversionHandler } from './commands/approve-conversion/approve-conversion.handler';
import { MarkInboxMessageReadHandler } from './commands/mark-inbox-message-read/mark-inbox-message-read.handler';
import { RejectConversionHandler } from './commands/reject-conversion/reject-conversion.handler';
import { ConversionDecisions } from './conversion/conversion-decisions';
import { InboxAddressee } from './conversion/inbox-addressee';
import { GetLearningAccountHandler } from './queries/get-learning-account/get-learning-account.handler';
import { GetStatementHandler } from './queries/get-statement/get-statement.handler';
import { ListConversionApplicationsHandler } from './queries/list-conversion-applications/list-conversion-applications.handler';
import { ListConversionReviewsHandler } from './queries/list-conversion-reviews/list-conversion-reviews.handler';
import { ListInboxHandler } from './queries/list-inbox/list-inbox.handler';
import { ApplyForConversionCommand } from './commands/apply-for-conversion/apply-for-conversion.command';
import { ApproveConversionCommand } from './commands/approve-conversion/approve-conversion.command';
import { MarkInboxMessageReadCommand } from './commands/mark-inbox-message-read/mark-inbox-message-read.command';
import { RejectConversionCommand } from './commands/reject-conversion/reject-conversion.command';
import { GetLearningAccountQuery } from './queries/get-learning-account/get-learning-account.query';
import { GetStatementQuery } from './queries/get-statement/get-statement.query';
import { ListConversionApplicationsQuery } from './queries/list-conversion-applications/list-conversion-applications.query';
import { ListConversionReviewsQuery } from './queries/list-conversion-reviews/list-conversion-reviews.query';
import { ListInboxQuery } from './queries/list-inbox/list-inbox.query';

/**
 * 积累 · 转换 · 成绩单 · 收件箱 on the bus. The role is checked here before the payload is
 * validated, and again in each handler (institutions also against ledger_institutions).
 */
@Controller()
@UseFilters(RpcErrorsFilter)
export class ConversionMessagesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly outcomes: CommandOutcomes,
    private readonly decisions: ConversionDecisions,
  ) {}

  /** A view holds the learner's name: its outcome keeps the application's id and reads it again. */
  private readonly byApplicationId = {
    keep: (view: ConversionApplicationView) => ({ applicationId: view.applicationId }),
    answer: (kept: Record<string, unknown>) => this.decisions.view(String(kept.applicationId)),
  };

  @MessagePattern(CONVERSION_PATTERNS.getLearningAccount)
  async learningAccount(@Payload() { meta }: BusEnvelope<unknown>): Promise<LearningAccountView> {
    requireActor(meta, 'learner');
    return this.queries.execute(new GetLearningAccountQuery(meta));
  }

  @MessagePattern(CONVERSION_PATTERNS.getStatement)
  async statement(@Payload() { meta, payload }: BusEnvelope<unknown>): Promise<StatementView> {
    requireActor(meta, 'learner');
    return this.queries.execute(new GetStatementQuery(await validateDto(StatementQueryDto, payload ?? {}), meta));
  }

  @MessagePattern(CONVERSION_PATTERNS.applyForConversion)
  async apply(@Payload() { meta, payload }: BusEnvelope<unknown>): Promise<ConversionApplicationView> {
    requireActor(meta, 'learner');
    return this.outcomes.once(meta, CONVERSION_PATTERNS.applyForConversion, payload, async () => this.commands.execute(new ApplyForConversionCommand(await validateDto(ApplyForConversionDto, payload), meta)), this.byApplicationId);
  }

  @MessagePattern(CONVERSION_PATTERNS.listConversionApplications)
  async applications(@Payload() { meta, payload }: BusEnvelope<unknown>): Promise<ConversionApplicationsPage> {
    requireActor(meta, 'learner');
    return this.queries.execute(new ListConversionApplicationsQuery(await validateDto(ListConversionApplicationsDto, payload ?? {}), meta));
  }

  @MessagePattern(CONVERSION_PATTERNS.listConversionReviews)
  async reviews(@Payload() { meta, payload }: BusEnvelope<unknown>): Promise<ConversionApplicationsPage> {
    requireActor(meta, 'institution');
    return this.queries.execute(new ListConversionReviewsQuery(await validateDto(ListConversionApplicationsDto, payload ?? {}), meta));
  }

  @MessagePattern(CONVERSION_PATTERNS.approveConversion)
  async approve(@Payload() { meta, payload }: BusEnvelope<unknown>): Promise<ConversionApplicationView> {
    requireActor(meta, 'institution');
    return this.outcomes.once(meta, CONVERSION_PATTERNS.approveConversion, payload, async () => this.commands.execute(new ApproveConversionCommand(await validateDto(ConversionApplicationIdDto, payload), meta)), this.byApplicationId);
  }

  @MessagePattern(CONVERSION_PATTERNS.rejectConversion)
  async reject(@Payload() { meta, payload }: BusEnvelope<unknown>): Promise<ConversionApplicationView> {
    requireActor(meta, 'institution');
    return this.outcomes.once(meta, CONVERSION_PATTERNS.rejectConversion, payload, async () => this.commands.execute(new RejectConversionCommand(await validateDto(RejectConversionMessageDto, payload), meta)), this.byApplicationId);
  }

  @MessagePattern(CONVERSION_PATTERNS.listInbox)
  async inbox(@Payload() { meta, payload }: BusEnvelope<unknown>): Promise<InboxPage> {
    requireActor(meta, 'learner', 'institution', 'admin');
    return this.queries.execute(new ListInboxQuery(await validateDto(ListInboxDto, payload ?? {}), meta));
  }

  @MessagePattern(CONVERSION_PATTERNS.markInboxMessageRead)
  async markRead(@Payload() { meta, payload }: BusEnvelope<unknown>): Promise<InboxMessageView> {
    requireActor(meta, 'learner', 'institution', 'admin');
    return this.commands.execute(new MarkInboxMessageReadCommand(await validateDto(InboxMessageIdDto, payload), meta));
  }
}

/** The providers of the slice, registered by the service module in one line. */
export const CONVERSION_PROVIDERS = [
  ConversionRuleLookup,
  ConversionDecisions,
  InboxAddressee,
  ApplyForConversionHandler,
  ApproveConversionHandler,
  RejectConversionHandler,
  MarkInboxMessageReadHandler,
  GetLearningAccountHandler,
  GetStatementHandler,
  ListConversionApplicationsHandler,
  ListConversionReviewsHandler,
  ListInboxHandler,
];
