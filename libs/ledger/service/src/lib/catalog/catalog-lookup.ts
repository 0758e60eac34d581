import { CATALOG_PATTERNS, CatalogCategoriesResponse, CatalogItemView, MessageMeta, QualificationInstitutionView } from '@credit-bank/contracts';
import { AchievementDetails, LedgerErrorCodes, LedgerFieldCodes } from '@credit-bank/ledger-domain';
import { DomainError } from '@credit-bank/kernel';
import { BUS_CLIENT } from '@credit-bank/platform';
import { Inject, Injectable, Optional } from '@nestjs/common';
import { ClientProxy } from '@nestjs/microservices';
import { firstValueFrom, timeout } from 'rxjs';

/** Where an achievement comes from: a catalogue entry, or data entered by hand. */
export type SourceChoice = { catalogItemId: string } | { custom: { name: string; institutionId?: string | null; institutionName?: string | null; type: string } };

/** The source fields of AchievementDetails, resolved against the catalogue. */
export type ResolvedSource = Pick<AchievementDetails, 'category' | 'categoryName' | 'source' | 'catalogItemId' | 'catalogItem' | 'custom'>;

const CATALOG_TIMEOUT_MS = 5000;

/**
 * The ledger asks the catalog service (over the bus, request-reply) whether an entry exists and
 * which category it is in, and takes a snapshot of it; for hand-entered achievements it asks for
 * the categories and their types. The catalogue's own read model is never read directly.
 */
@Injectable()
export class CatalogLookup {
  constructor(@Optional() @Inject(BUS_CLIENT) private readonly bus?: ClientProxy) {}

  async resolve(category: string, choice: SourceChoice, meta: MessageMeta): Promise<ResolvedSource> {
    if ('catalogItemId' in choice) {
      const item = await this.item(choice.catalogItemId, meta);
      if (!item) {
        throw new DomainError(LedgerErrorCodes.CATALOG_ITEM_UNKNOWN, 'validation', 'The catalogue has no such entry.', undefined, [
          { field: 'catalogItemId', code: LedgerFieldCodes.CATALOG_ITEM_UNKNOWN, message: 'no catalogue entry has this id' },
        ]);
      }
      // A retired entry no longer takes new achievements (those stored before keep their snapshot).
      if (item.status === 'retired') {
        throw new DomainError(LedgerErrorCodes.CATALOG_ITEM_UNKNOWN, 'validation', 'The catalogue entry is retired.', { catalogItemId: item.id, retired: true }, [
          { field: 'catalogItemId', code: LedgerFieldCodes.CATALOG_ITEM_UNKNOWN, message: 'this catalogue entry is retired and can no longer be chosen' },
        ]);
      }
      if (item.category !== category) {
        throw new DomainError(LedgerErrorCodes.CATEGORY_MISMATCH, 'validation', 'The catalogue entry belongs to another category.', { catalogCategory: item.category }, [
          { field: 'category', code: LedgerFieldCodes.CATEGORY_MISMATCH, message: `the catalogue entry is in category ${item.category}` },
        ]);
      }
      return {
        category,
        categoryName: item.categoryName,
        source: 'catalog',
        catalogItemId: item.id,
        catalogItem: {
          projectName: item.projectName,
          achievementName: item.achievementName,
          institutionId: item.institutionId,
          institutionName: item.institutionName,
          type: item.type,
          typeName: item.typeName,
          frameworkLevel: item.frameworkLevel,
          credits: item.credits,
        },
        custom: null,
      };
    }
    const categories = await this.call<CatalogCategoriesResponse>(CATALOG_PATTERNS.listCategories, {}, meta);
    const found = categories.items.find((c) => c.code === category);
    const type = found?.types.find((t) => t.code === choice.custom.type);
    if (!found || !type) {
      throw new DomainError(LedgerErrorCodes.TYPE_NOT_IN_CATEGORY, 'validation', 'The achievement type is not a type of the chosen category.', undefined, [
        { field: 'custom.type', code: LedgerFieldCodes.TYPE_NOT_IN_CATEGORY, message: `type ${choice.custom.type} is not a type of category ${category}` },
      ]);
    }
    // Picked from the directory: the directory's id and name; else only the name the learner gave.
    const institution = choice.custom.institutionId ? await this.institution(choice.custom.institutionId, meta) : undefined;
    return {
      category,
      categoryName: found.name,
      source: 'custom',
      catalogItemId: null,
      catalogItem: null,
      custom: {
        name: choice.custom.name,
        institutionId: institution?.id ?? null,
        institutionName: institution?.name ?? choice.custom.institutionName ?? '',
        type: type.code,
        typeName: type.name,
      },
    };
  }

  /** A directory institution (资历机构); an unknown id is refused (400 LEDGER.INSTITUTION_UNKNOWN naming the field). */
  async institution(id: string, meta: MessageMeta, field = 'custom.institutionId'): Promise<QualificationInstitutionView> {
    try {
      return await this.call<QualificationInstitutionView>(CATALOG_PATTERNS.getInstitution, { id }, meta);
    } catch (error) {
      if (DomainError.isPayload(error) && error.kind === 'not_found') {
        throw new DomainError(LedgerErrorCodes.INSTITUTION_UNKNOWN, 'validation', 'The directory has no such institution.', undefined, [
          { field, code: LedgerFieldCodes.INSTITUTION_UNKNOWN, message: 'no institution of the directory (资历机构) has this id' },
        ]);
      }
      throw error;
    }
  }

  /** Refuses (400 LEDGER.TYPE_NOT_IN_CATEGORY, naming `field`) a type that is not a type of the category. */
  async assertTypeInCategory(category: string, type: string, field: string, meta: MessageMeta): Promise<void> {
    const categories = await this.call<CatalogCategoriesResponse>(CATALOG_PATTERNS.listCategories, {}, meta);
    if (categories.items.find((c) => c.code === category)?.types.some((t) => t.code === type)) return;
    throw new DomainError(LedgerErrorCodes.TYPE_NOT_IN_CATEGORY, 'validation', 'The achievement type is not a type of the chosen category.', undefined, [
      { field, code: LedgerFieldCodes.TYPE_NOT_IN_CATEGORY, message: `type ${type} is not a type of category ${category}` },
    ]);
  }

  /** The entry, or undefined when the catalogue says it does not exist. */
  private async item(id: string, meta: MessageMeta): Promise<CatalogItemView | undefined> {
    try {
      return await this.call<CatalogItemView>(CATALOG_PATTERNS.getItem, { id }, meta);
    } catch (error) {
      if (DomainError.isPayload(error) && error.kind === 'not_found') return undefined;
      throw error;
    }
  }

  private async call<R>(pattern: string, payload: unknown, meta: MessageMeta): Promise<R> {
    if (!this.bus) throw unavailable('no bus client is bound');
    try {
      return await firstValueFrom(this.bus.send<R>(pattern, { meta, payload }).pipe(timeout(CATALOG_TIMEOUT_MS)));
    } catch (error) {
      if (DomainError.isPayload(error) && error.kind === 'not_found') throw error;
      throw unavailable(error instanceof Error ? error.message : String((error as { message?: unknown })?.message ?? error));
    }
  }
}

function unavailable(reason: string): DomainError {
  return new DomainError(LedgerErrorCodes.CATALOG_UNAVAILABLE, 'unavailable', `The catalogue could not be asked: ${reason}`);
}
