/**
 * Unified social credit code (统一社会信用代码, GB 32100-2015): 18 characters over the 31-character
 * alphabet 0-9 and A-Z without I, O, Z, S, V. The 18th is a check character: with weights
 * 3^i mod 31 over the first 17, check = 31 - (sum mod 31), where 31 counts as 0.
 */
export const CREDIT_CODE_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const SHAPE = /^[0-9A-HJ-NPQRTUWXY]{18}$/;

/** The check character for the first 17 characters of a unified social credit code. */
export function creditCodeCheckCharacter(first17: string): string {
  if (first17.length !== 17) throw new Error('creditCodeCheckCharacter needs exactly 17 characters');
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = CREDIT_CODE_ALPHABET.indexOf(first17[i]);
    if (value < 0) throw new Error(`Not a credit-code character: ${first17[i]}`);
    sum += value * WEIGHTS[i];
  }
  return CREDIT_CODE_ALPHABET[(31 - (sum % 31)) % 31];
}

export type CreditCodeProblem = 'format' | 'check-character';

/** The first rule a (normalized, upper-case) credit code breaks, or null when it is valid. */
export function creditCodeProblem(code: string): CreditCodeProblem | null {
  if (!SHAPE.test(code)) return 'format';
  if (creditCodeCheckCharacter(code.slice(0, 17)) !== code[17]) return 'check-character';
  return null;
}

export function isValidCreditCode(code: string): boolean {
  return creditCodeProblem(code) === null;
}
