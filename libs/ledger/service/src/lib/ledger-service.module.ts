import { DynamicModule, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { LedgerMessagesController } from './ledger-messages.controller';

export interface LedgerServiceOptions {
  [option: string]: unknown;
}

@Module({})
export class LedgerServiceModule {
  static forRoot(_options: LedgerServiceOptions): DynamicModule {
    return {
      module: LedgerServiceModule,
      imports: [CqrsModule.forRoot()],
      controllers: [LedgerMessagesController],
      providers: [],
    };
  }
}
