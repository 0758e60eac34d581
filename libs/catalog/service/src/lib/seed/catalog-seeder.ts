import { CatalogErrorCodes } from '@credit-bank/catalog-domain';
import { CommandContext, DomainError, EVENT_STORE, EventStore, READ_STORE, ReadStore } from '@credit-bank/kernel';
import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import { CATALOG_OPTIONS, ResolvedCatalogOptions } from '../catalog-options';
import { CatalogProjectionsHost } from '../catalog-projections.host';
import { DefineFrameworkLevelCommand } from '../commands/define-framework-level/define-framework-level.command';
import { PublishCatalogItemCommand } from '../commands/publish-catalog-item/publish-catalog-item.command';
import { ListInstitutionCommand } from '../commands/list-institution/list-institution.command';
import { PublishConversionRuleCommand } from '../commands/publish-conversion-rule/publish-conversion-rule.command';
import {
  CATALOG_CONVERSION_RULE_VERSIONS_COLLECTION,
  CATALOG_INSTITUTIONS_COLLECTION,
  CATALOG_ITEMS_COLLECTION,
  CatalogItemDocument,
  ConversionRuleVersionDocument,
} from '../projections/catalog-read-models';
import { CATALOG_ITEMS_SEED, CatalogItemSeed } from './catalog-items.seed';
import { CONVERSION_RULES_SEED, ConversionRuleSeed } from './conversion-rules.seed';
import { FRAMEWORK_LEVELS_SEED } from './framework-levels.seed';
import { INSTITUTIONS_SEED } from './institutions.seed';

export interface SeedReport {
  institutions: { created: number; present: number; kept: number };
  levels: { created: number; present: number; kept: number };
  items: { created: number; present: number; kept: number };
  conversionRules: { created: number; present: number; kept: number };
}

const contentOf = ({ id: _id, source: _source, ...content }: CatalogItemSeed) => content;
const ruleContentOf = ({ id: _id, ...content }: ConversionRuleSeed) => content;

/** A seed write refused because the store already holds something else there (kept as it is). */
const KEPT = new Set<string>([
  CatalogErrorCodes.FRAMEWORK_LEVEL_ALREADY_DEFINED,
  CatalogErrorCodes.ITEM_ALREADY_PUBLISHED,
  CatalogErrorCodes.CONVERSION_RULE_ALREADY_PUBLISHED,
  CatalogErrorCodes.INSTITUTION_ALREADY_LISTED,
  // The administrator listed this name under another id before a later seed named it: the
  // seeded entries and rules of that institution are then not seeded (warned).
  CatalogErrorCodes.INSTITUTION_NAME_TAKEN,
  CatalogErrorCodes.INSTITUTION_NOT_FOUND,
]);

/**
 * Seeds the directory of qualification institutions, the framework levels and the catalogue
 * through the same command handlers as any other write. Identical entries already present decide
 * to nothing (`present`); an entry present with other content (revised since) is left as it is
 * (`kept`). Restarting therefore never duplicates.
 *
 * At every start (seeding or not) it also backfills the directory: an institution that a
 * catalogue entry or a conversion-rule version references by id but the directory lacks (written
 * before institutions had ids: upcast to `institutionIdForName(name)`) is listed under that id
 * and name, so every reference resolves.
 */
@Injectable()
export class CatalogSeeder implements OnApplicationBootstrap {
  private readonly logger = new Logger(CatalogSeeder.name);

  constructor(
    @Inject(CATALOG_OPTIONS) private readonly options: ResolvedCatalogOptions,
    private readonly commands: CommandBus,
    private readonly projections: CatalogProjectionsHost,
    @Inject(EVENT_STORE) private readonly eventStore: EventStore,
    @Inject(READ_STORE) private readonly readStore: ReadStore,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.options.seed) await this.seed();
    await this.backfillInstitutions();
  }

  /** Runs one seed write: `created` or `present`, or `kept` when the store holds something else there. */
  private async seedOne(tally: { created: number; present: number; kept: number }, write: () => Promise<{ position?: number; changed: boolean }>): Promise<number | undefined> {
    try {
      const { position, changed } = await write();
      tally[changed ? 'created' : 'present']++;
      return position;
    } catch (error) {
      if (!(error instanceof DomainError && KEPT.has(error.code))) throw error;
      if (error.code === CatalogErrorCodes.INSTITUTION_NAME_TAKEN || error.code === CatalogErrorCodes.INSTITUTION_NOT_FOUND) {
        this.logger.warn(`Catalog seed: one seed entry not written (${error.code}: ${error.message})`);
      }
      tally.kept++;
      return undefined;
    }
  }

  async seed(now: Date = new Date()): Promise<SeedReport> {
    const context: CommandContext = { actor: 'system', correlationId: `catalog-seed-${randomUUID()}`, now: now.toISOString() };
    const tally = () => ({ created: 0, present: 0, kept: 0 });
    const report: SeedReport = { institutions: tally(), levels: tally(), items: tally(), conversionRules: tally() };
    let last: number | undefined;
    const noWait = { awaitProjection: false };
    const track = (position: number | undefined) => {
      if (position !== undefined) last = Math.max(last ?? 0, position);
    };

    // The institutions first: entries and rules name them by id.
    for (const { id, ...content } of INSTITUTIONS_SEED) {
      track(await this.seedOne(report.institutions, () => this.commands.execute(new ListInstitutionCommand(id, content, context, noWait))));
    }
    for (const level of FRAMEWORK_LEVELS_SEED) {
      track(
        await this.seedOne(report.levels, async () => {
          const result = await this.commands.execute(new DefineFrameworkLevelCommand(level, context, noWait));
          return { position: result.position, changed: result.defined };
        }),
      );
    }
    for (const item of CATALOG_ITEMS_SEED) {
      track(
        await this.seedOne(report.items, async () => {
          const result = await this.commands.execute(new PublishCatalogItemCommand(item.id, contentOf(item), context, noWait));
          return { position: result.position, changed: result.published };
        }),
      );
    }
    for (const rule of CONVERSION_RULES_SEED) {
      track(await this.seedOne(report.conversionRules, () => this.commands.execute(new PublishConversionRuleCommand(rule.id, ruleContentOf(rule), context, noWait))));
    }
    // Read-your-writes for the whole seed: the catalogue is searchable once bootstrap is over.
    if (last !== undefined && !(await this.projections.waitFor(last, 30_000))) {
      this.logger.warn(`Catalog seeded, but the projections have not reached position ${last} yet`);
    }
    this.logger.log(
      `Catalog seed: institutions ${report.institutions.created} created, ${report.institutions.present} present, ${report.institutions.kept} kept as revised; ` +
        `levels ${report.levels.created} created, ${report.levels.present} present, ${report.levels.kept} kept as revised; ` +
        `items ${report.items.created} created, ${report.items.present} present, ${report.items.kept} kept as revised; ` +
        `conversion rules ${report.conversionRules.created} created, ${report.conversionRules.present} present, ${report.conversionRules.kept} kept as revised`,
    );
    return report;
  }

  /**
   * Lists the institutions that catalogue entries and conversion-rule versions reference by id but
   * the directory lacks, once the projections have read the whole store. Returns how many it listed.
   */
  async backfillInstitutions(now: Date = new Date()): Promise<number> {
    const head = await this.eventStore.headPosition();
    if (!(await this.projections.waitFor(head, 60_000))) {
      this.logger.warn(`Directory backfill skipped: the projections have not reached position ${head} yet`);
      return 0;
    }
    const referenced = new Map<string, string>();
    for (const doc of await this.readStore.collection<CatalogItemDocument>(CATALOG_ITEMS_COLLECTION).find()) {
      if (typeof doc.institutionId === 'string' && !referenced.has(doc.institutionId)) referenced.set(doc.institutionId, doc.institutionName);
    }
    for (const doc of await this.readStore.collection<ConversionRuleVersionDocument>(CATALOG_CONVERSION_RULE_VERSIONS_COLLECTION).find()) {
      const { awardingInstitutionId: id, awardingInstitution: name } = doc.target ?? {};
      if (typeof id === 'string' && !referenced.has(id)) referenced.set(id, name);
    }
    const directory = this.readStore.collection(CATALOG_INSTITUTIONS_COLLECTION);
    const context: CommandContext = { actor: 'system', correlationId: `catalog-directory-backfill-${randomUUID()}`, now: now.toISOString() };
    let listed = 0;
    let last: number | undefined;
    for (const [id, name] of referenced) {
      if (await directory.get(id)) continue;
      try {
        const result = await this.commands.execute(new ListInstitutionCommand(id, { name, creditCode: null, aliases: [] }, context, { awaitProjection: false }));
        if (result.changed) listed++;
        if (result.position !== undefined) last = Math.max(last ?? 0, result.position);
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        this.logger.warn(`Directory backfill: institution ${id} (${name}) referenced by the catalogue could not be listed: ${error.code} ${error.message}`);
      }
    }
    if (last !== undefined) await this.projections.waitFor(last, 30_000);
    if (listed) this.logger.log(`Directory backfill: ${listed} institution(s) named by older catalogue entries or rules listed`);
    return listed;
  }
}
