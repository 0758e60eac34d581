import { EvidenceIdDto, EvidenceView, MessageMeta } from '@credit-bank/contracts';
import { Query } from '@nestjs/cqrs';

export class GetEvidenceQuery extends Query<EvidenceView> {
  constructor(
    readonly payload: EvidenceIdDto,
    readonly meta: MessageMeta,
  ) {
    super();
  }
}
