import { DynamicModule, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { IdentityMessagesController } from './identity-messages.controller';

export interface IdentityServiceOptions {
  [option: string]: unknown;
}

@Module({})
export class IdentityServiceModule {
  static forRoot(_options: IdentityServiceOptions): DynamicModule {
    return {
      module: IdentityServiceModule,
      imports: [CqrsModule.forRoot()],
      controllers: [IdentityMessagesController],
      providers: [],
    };
  }
}
