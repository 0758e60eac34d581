/** The Guangdong lifelong-education qualifications framework (广东终身教育资历框架, 2017) has 7 levels. */
export const FRAMEWORK_LEVEL_MIN = 1;
export const FRAMEWORK_LEVEL_MAX = 7;

export function isFrameworkLevel(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= FRAMEWORK_LEVEL_MIN && value <= FRAMEWORK_LEVEL_MAX;
}

export const frameworkLevelStreamId = (level: number): string => `catalog.framework-level-${level}`;
