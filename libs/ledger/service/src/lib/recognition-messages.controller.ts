import {
  AchievementIdDto,
  BusEnvelope,
  INSTITUTION_DECIDED_V1,
  InstitutionDecidedV1,
  ListReviewsDto,
  RECOGNITION_PATTERNS,
  RecogniseAchievementMessageDto,
  ReviewDecisionResponse,
  ReviewReasonMessageDto,
  ReviewsPage,
  ReviewView,
} from '@credit-bank/contracts';
import { requireActor, RpcErrorsFilter, validateDto } from '@credit-bank/platform';
import { Controller, UseFilters } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { EventPattern, MessagePattern, Payload } from '@nestjs/microservices';
import { ClaimRecognitionCommand } from './commands/claim-recognition/claim-recognition.command';
import { RecogniseAchievementCommand } from './commands/recognise-achievement/recognise-achievement.command';
import { RejectRecognitionCommand } from './commands/reject-recognition/reject-recognition.command';
import { ReturnAchievementCommand } from './commands/return-achievement/return-achievement.command';
import { InstitutionsDirectory } from './projections/institutions/institutions-directory';
import { GetReviewQuery } from './queries/get-review/get-review.query';
import { ListReviewsQuery } from './queries/list-reviews/list-reviews.query';

/**
 * 认定 on the bus: the review queue and the reviewers' steps. Every request needs an institution
 * account (checked here before the payload is validated; the handlers check in the ledger's own
 * ledger_institutions that the administrator approved it).
 */
@Controller()
@UseFilters(RpcErrorsFilter)
export class RecognitionMessagesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly institutions: InstitutionsDirectory,
  ) {}

  @MessagePattern(RECOGNITION_PATTERNS.listReviews)
  async listReviews(@Payload() { meta, payload }: BusEnvelope<unknown>): Promise<ReviewsPage> {
    requireActor(meta, 'institution');
    return this.queries.execute(new ListReviewsQuery(await validateDto(ListReviewsDto, payload), meta));
  }

  @MessagePattern(RECOGNITION_PATTERNS.getReview)
  async getReview(@Payload() { meta, payload }: BusEnvelope<unknown>): Promise<ReviewView> {
    requireActor(meta, 'institution');
    return this.queries.execute(new GetReviewQuery(await validateDto(AchievementIdDto, payload), meta));
  }

  @MessagePattern(RECOGNITION_PATTERNS.claimRecognition)
  async claim(@Payload() { meta, payload }: BusEnvelope<unknown>): Promise<ReviewDecisionResponse> {
    requireActor(meta, 'institution');
    return this.commands.execute(new ClaimRecognitionCommand(await validateDto(AchievementIdDto, payload), meta));
  }

  @MessagePattern(RECOGNITION_PATTERNS.recogniseAchievement)
  async recognise(@Payload() { meta, payload }: BusEnvelope<unknown>): Promise<ReviewDecisionResponse> {
    requireActor(meta, 'institution');
    return this.commands.execute(new RecogniseAchievementCommand(await validateDto(RecogniseAchievementMessageDto, payload), meta));
  }

  @MessagePattern(RECOGNITION_PATTERNS.rejectRecognition)
  async reject(@Payload() { meta, payload }: BusEnvelope<unknown>): Promise<ReviewDecisionResponse> {
    requireActor(meta, 'institution');
    return this.commands.execute(new RejectRecognitionCommand(await validateDto(ReviewReasonMessageDto, payload), meta));
  }

  @MessagePattern(RECOGNITION_PATTERNS.returnAchievement)
  async returnForCorrection(@Payload() { meta, payload }: BusEnvelope<unknown>): Promise<ReviewDecisionResponse> {
    requireActor(meta, 'institution');
    return this.commands.execute(new ReturnAchievementCommand(await validateDto(ReviewReasonMessageDto, payload), meta));
  }

  /** Which institution accounts may review, from identity's integration event; idempotent. */
  @EventPattern(INSTITUTION_DECIDED_V1)
  async institutionDecided(@Payload() event: InstitutionDecidedV1): Promise<void> {
    await this.institutions.institutionDecided(event);
  }
}
