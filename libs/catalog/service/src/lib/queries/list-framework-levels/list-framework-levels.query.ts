import { FrameworkLevelsResponse } from '@credit-bank/contracts';
import { Query } from '@nestjs/cqrs';

export class ListFrameworkLevelsQuery extends Query<FrameworkLevelsResponse> {}
