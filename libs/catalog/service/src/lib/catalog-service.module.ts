import { DynamicModule, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { CatalogMessagesController } from './catalog-messages.controller';

export interface CatalogServiceOptions {
  [option: string]: unknown;
}

@Module({})
export class CatalogServiceModule {
  static forRoot(_options: CatalogServiceOptions): DynamicModule {
    return {
      module: CatalogServiceModule,
      imports: [CqrsModule.forRoot()],
      controllers: [CatalogMessagesController],
      providers: [],
    };
  }
}
