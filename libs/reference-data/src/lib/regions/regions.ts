import { GB2260_DIVISIONS } from './gb2260.data';

export type RegionLevel = 'province' | 'city' | 'district';

/** An administrative division of GB/T 2260 (six-digit code). "district" is the county level (区/县/县级市/旗…). */
export interface Region {
  code: string;
  name: string;
  level: RegionLevel;
  /** The province of a city, the city of a district; null for a province. */
  parent: string | null;
}

// The level is in the code: `xx0000` a province, `xxxx00` a city (地级, or the 市辖区/县/省直辖县级
// rows GB/T 2260 gives municipalities and provinces), anything else a county-level division.
function regionOf(code: string, name: string): Region {
  if (code.endsWith('0000')) return { code, name, level: 'province', parent: null };
  if (code.endsWith('00')) return { code, name, level: 'city', parent: `${code.slice(0, 2)}0000` };
  return { code, name, level: 'district', parent: `${code.slice(0, 4)}00` };
}

const ALL: readonly Region[] = GB2260_DIVISIONS.map(([code, name]) => regionOf(code, name));
const BY_CODE = new Map(ALL.map((r) => [r.code, r]));
const CHILDREN = new Map<string, Region[]>(ALL.map((r) => [r.code, []]));
for (const r of ALL) if (r.parent) CHILDREN.get(r.parent)?.push(r);

export const PROVINCES: readonly Region[] = ALL.filter((r) => r.level === 'province');

export function findRegion(code: unknown): Region | undefined {
  return typeof code === 'string' ? BY_CODE.get(code.trim()) : undefined;
}

/** The divisions directly under `code` (empty for a district, or a city or region with none); undefined for an unknown code. */
export function regionChildren(code: string): readonly Region[] | undefined {
  return CHILDREN.get(code);
}

export type RegionPart = 'province' | 'city' | 'district';
export type RegionProblem = 'required' | 'unknown' | 'mismatch';

/** The codes a form names for 省 / 市 / 区; city and district are empty where the level above has none. */
export interface RegionPath {
  province?: string | null;
  city?: string | null;
  district?: string | null;
}

const present = (value: string | null | undefined): value is string => typeof value === 'string' && value.trim() !== '';

/**
 * What is wrong with a province → city → district choice, one entry per bad part: a missing part
 * the level above requires (`required`), a code GB/T 2260 does not have at that level (`unknown`),
 * or one that is not under the part above it, or given where the level above has nothing under
 * it (`mismatch`). A part under a bad part is not judged. Empty when the combination is real.
 */
export function regionPathProblems(path: RegionPath): Array<{ part: RegionPart; problem: RegionProblem }> {
  const parts: RegionPart[] = ['province', 'city', 'district'];
  let above: Region | null = null;
  for (const part of parts) {
    const code = path[part];
    const options = above ? (regionChildren(above.code) ?? []) : PROVINCES;
    if (!present(code)) {
      if (options.length > 0) return [{ part, problem: 'required' }];
      continue;
    }
    const region = findRegion(code);
    if (!region || region.level !== part) return [{ part, problem: 'unknown' }];
    if (above && region.parent !== above.code) return [{ part, problem: 'mismatch' }];
    above = region;
  }
  return [];
}
