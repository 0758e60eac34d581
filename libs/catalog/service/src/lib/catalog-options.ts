export interface CatalogServiceOptions {
  /**
   * Seeds the 7 framework levels and the catalogue (the user guide's four entries plus illustrative
   * sample entries) and a few example conversion rules on application bootstrap, through the command handlers. Idempotent: entries
   * already present are skipped, so a restart does not duplicate anything. Default false.
   */
  seed?: boolean;
}

export type ResolvedCatalogOptions = Required<CatalogServiceOptions>;

export const CATALOG_OPTIONS = Symbol.for('credit-bank/CatalogOptions');

export function resolveCatalogOptions(options: CatalogServiceOptions = {}): ResolvedCatalogOptions {
  return { seed: options.seed === true };
}
