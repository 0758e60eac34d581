import { DomainEvent } from '@credit-bank/kernel';
import { AchievementCategoryCode, AchievementTypeCode } from '../classification/achievement-categories';

/** What a catalogue entry (成果目录条目) says. */
export interface CatalogItemContent {
  category: AchievementCategoryCode;
  type: AchievementTypeCode;
  /** 项目名称 */
  projectName: string;
  /** 成果名称 */
  achievementName: string;
  /** The qualification institution (资历机构) in the directory: who reviews recognition requests for the entry. */
  institutionId: string;
  /** 资历机构名称: the directory's name of `institutionId` when the entry was published or last revised. */
  institutionName: string;
  /** Level of the qualifications framework, 1..7. */
  frameworkLevel: number;
  /** Credit value, > 0 and ≤ 60, at most one decimal. */
  credits: number;
  /** Illustrative sample data rather than an entry of the official catalogue. */
  sample: boolean;
}

/**
 * Schema version 2 (today): `institutionId` next to `institutionName`. Version 1 named the
 * institution only; it is upcast with `institutionIdForName` (see `catalogUpcasters`).
 */
export type CatalogItemPublished = DomainEvent<'CatalogItemPublished', { itemId: string } & CatalogItemContent & { publishedAt: string }>;

/** Only the fields that changed are in `changes` (version 2: a changed institution changes `institutionId` and `institutionName`). */
export type CatalogItemRevised = DomainEvent<'CatalogItemRevised', { itemId: string; changes: Partial<CatalogItemContent>; revisedAt: string }>;

/**
 * Withdrawn by the administrator: no longer searchable nor usable by a new achievement; still
 * resolvable by id (achievements keep their snapshot of it).
 */
export type CatalogItemRetired = DomainEvent<'CatalogItemRetired', { itemId: string; reason?: string; retiredAt: string }>;

export type CatalogItemEvent = CatalogItemPublished | CatalogItemRevised | CatalogItemRetired;

export const CATALOG_ITEM_EVENT_TYPES: ReadonlyArray<CatalogItemEvent['type']> = ['CatalogItemPublished', 'CatalogItemRevised', 'CatalogItemRetired'];

export const CATALOG_ITEM_STREAM_PREFIX = 'catalog.item-';
export const catalogItemStreamId = (itemId: string): string => `${CATALOG_ITEM_STREAM_PREFIX}${itemId}`;
