import { isRealDate } from './calendar-date';

/**
 * Resident identity card number (居民身份证号码, GB 11643-1999): 6-digit address code, 8-digit
 * birth date YYYYMMDD, 3-digit sequence, and a check character computed with ISO 7064 MOD 11-2
 * over the first 17 digits (`X` stands for 10).
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARACTERS = '10X98765432';
const SHAPE = /^[1-9]\d{16}[\dX]$/;

/** The check character for the first 17 digits of a resident ID number. */
export function residentIdCheckCharacter(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new Error('residentIdCheckCharacter needs exactly 17 digits');
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i];
  return CHECK_CHARACTERS[sum % 11];
}

export type ResidentIdProblem = 'format' | 'birth-date' | 'check-digit';

/** The first rule a (normalized, upper-case) resident ID number breaks, or null when it is valid. */
export function residentIdProblem(idNumber: string): ResidentIdProblem | null {
  if (!SHAPE.test(idNumber)) return 'format';
  if (!isRealDate(residentIdBirthDate(idNumber))) return 'birth-date';
  if (residentIdCheckCharacter(idNumber.slice(0, 17)) !== idNumber[17]) return 'check-digit';
  return null;
}

export function isValidResidentIdNumber(idNumber: string): boolean {
  return residentIdProblem(idNumber) === null;
}

/** The birth date embedded in an 18-character ID number, as YYYY-MM-DD (not checked). */
export function residentIdBirthDate(idNumber: string): string {
  return `${idNumber.slice(6, 10)}-${idNumber.slice(10, 12)}-${idNumber.slice(12, 14)}`;
}
