import { MessageMeta, ReviewDecisionResponse, ReviewReasonMessageDto } from '@credit-bank/contracts';
import { contextOf, requireActor } from '@credit-bank/platform';
import { Injectable } from '@nestjs/common';
import { ReviewSteps } from '../review-step';

/** 退回 (管理中心): a request of the routing queue goes back to the learner with the reason; they may amend and submit again. */
@Injectable()
export class DeclineRoutingHandler {
  constructor(private readonly steps: ReviewSteps) {}

  execute(payload: ReviewReasonMessageDto, meta: MessageMeta): Promise<ReviewDecisionResponse> {
    const admin = requireActor(meta, 'admin');
    return this.steps.append(meta, payload.id, { type: 'DeclineRouting', achievementId: payload.id, administratorId: admin.accountId, reason: payload.reason, now: contextOf(meta).now });
  }
}
