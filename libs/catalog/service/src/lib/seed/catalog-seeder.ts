import { CatalogErrorCodes } from '@credit-bank/catalog-domain';
import { CommandContext, DomainError } from '@credit-bank/kernel';
import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import { CATALOG_OPTIONS, ResolvedCatalogOptions } from '../catalog-options';
import { CatalogProjectionsHost } from '../catalog-projections.host';
import { DefineFrameworkLevelCommand } from '../commands/define-framework-level/define-framework-level.command';
import { PublishCatalogItemCommand } from '../commands/publish-catalog-item/publish-catalog-item.command';
import { PublishConversionRuleCommand } from '../commands/publish-conversion-rule/publish-conversion-rule.command';
import { CATALOG_ITEMS_SEED, CatalogItemSeed } from './catalog-items.seed';
import { CONVERSION_RULES_SEED, ConversionRuleSeed } from './conversion-rules.seed';
import { FRAMEWORK_LEVELS_SEED } from './framework-levels.seed';

export interface SeedReport {
  levels: { created: number; present: number; kept: number };
  items: { created: number; present: number; kept: number };
  conversionRules: { created: number; present: number; kept: number };
}

const contentOf = ({ id: _id, source: _source, ...content }: CatalogItemSeed) => content;
const ruleContentOf = ({ id: _id, ...content }: ConversionRuleSeed) => content;

/**
 * Seeds the framework levels and the catalogue through the same command handlers as any other
 * write. Identical entries already present decide to nothing (`present`); an entry present with
 * other content (revised since) is left as it is (`kept`). Restarting therefore never duplicates.
 */
@Injectable()
export class CatalogSeeder implements OnApplicationBootstrap {
  private readonly logger = new Logger(CatalogSeeder.name);

  constructor(
    @Inject(CATALOG_OPTIONS) private readonly options: ResolvedCatalogOptions,
    private readonly commands: CommandBus,
    private readonly projections: CatalogProjectionsHost,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.options.seed) await this.seed();
  }

  async seed(now: Date = new Date()): Promise<SeedReport> {
    const context: CommandContext = { actor: 'system', correlationId: `catalog-seed-${randomUUID()}`, now: now.toISOString() };
    const report: SeedReport = { levels: { created: 0, present: 0, kept: 0 }, items: { created: 0, present: 0, kept: 0 }, conversionRules: { created: 0, present: 0, kept: 0 } };
    let last: number | undefined;
    const noWait = { awaitProjection: false };

    for (const level of FRAMEWORK_LEVELS_SEED) {
      try {
        const result = await this.commands.execute(new DefineFrameworkLevelCommand(level, context, noWait));
        if (result.position !== undefined) last = Math.max(last ?? 0, result.position);
        report.levels[result.defined ? 'created' : 'present']++;
      } catch (error) {
        if (!(error instanceof DomainError && error.code === CatalogErrorCodes.FRAMEWORK_LEVEL_ALREADY_DEFINED)) throw error;
        report.levels.kept++;
      }
    }
    for (const item of CATALOG_ITEMS_SEED) {
      try {
        const result = await this.commands.execute(new PublishCatalogItemCommand(item.id, contentOf(item), context, noWait));
        if (result.position !== undefined) last = Math.max(last ?? 0, result.position);
        report.items[result.published ? 'created' : 'present']++;
      } catch (error) {
        if (!(error instanceof DomainError && error.code === CatalogErrorCodes.ITEM_ALREADY_PUBLISHED)) throw error;
        report.items.kept++;
      }
    }
    for (const rule of CONVERSION_RULES_SEED) {
      try {
        const result = await this.commands.execute(new PublishConversionRuleCommand(rule.id, ruleContentOf(rule), context, noWait));
        if (result.position !== undefined) last = Math.max(last ?? 0, result.position);
        report.conversionRules[result.changed ? 'created' : 'present']++;
      } catch (error) {
        if (!(error instanceof DomainError && error.code === CatalogErrorCodes.CONVERSION_RULE_ALREADY_PUBLISHED)) throw error;
        report.conversionRules.kept++;
      }
    }
    // Read-your-writes for the whole seed: the catalogue is searchable once bootstrap is over.
    if (last !== undefined && !(await this.projections.waitFor(last, 30_000))) {
      this.logger.warn(`Catalog seeded, but the projections have not reached position ${last} yet`);
    }
    this.logger.log(
      `Catalog seed: levels ${report.levels.created} created, ${report.levels.present} present, ${report.levels.kept} kept as revised; ` +
        `items ${report.items.created} created, ${report.items.present} present, ${report.items.kept} kept as revised; ` +
        `conversion rules ${report.conversionRules.created} created, ${report.conversionRules.present} present, ${report.conversionRules.kept} kept as revised`,
    );
    return report;
  }
}
