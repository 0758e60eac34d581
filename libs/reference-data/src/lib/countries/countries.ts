import { GB2659_COUNTRIES } from './gb2659.data';

/** A country or region of GB/T 2659 (国籍): ISO 3166-1 codes with its Chinese and English names. */
export interface Country {
  /** Two letters, upper case (`CN`): the code the API stores. */
  alpha2: string;
  alpha3: string;
  /** Three digits, as text (`156`). */
  numeric: string;
  name: string;
  nameEn: string;
}

/** 中国 first, then by alpha-2 code. */
export const COUNTRIES: readonly Country[] = GB2659_COUNTRIES.map(([alpha2, alpha3, numeric, name, nameEn]) => ({ alpha2, alpha3, numeric, name, nameEn }));

const BY_CODE = new Map<string, Country>(COUNTRIES.flatMap((c) => [[c.alpha2, c] as const, [c.alpha3, c] as const]));

/** The country with this alpha-2 or alpha-3 code (any case), or undefined. */
export function findCountry(code: unknown): Country | undefined {
  return typeof code === 'string' ? BY_CODE.get(code.trim().toUpperCase()) : undefined;
}
