import { isRealDate, isPlausibleBirthDate } from './calendar-date';
import { isMainlandMobile, isValidUsername, maskIdNumber, meetsPasswordPolicy, usernameKey } from './personal-data';
import { isValidResidentIdNumber, residentIdBirthDate, residentIdCheckCharacter, residentIdProblem } from './resident-id-number';
import { creditCodeCheckCharacter, creditCodeProblem, isValidCreditCode } from '@credit-bank/kernel';

/**
 * Independent re-computations of the standards' formulas, so the examples below are valid by
 * construction rather than copied from somewhere.
 */
function gb11643(first17: string): string {
  // ISO 7064 MOD 11-2: weight of position i (from the left, 1-based) is 2^(18-i) mod 11.
  const sum = [...first17].reduce((acc, d, i) => acc + Number(d) * (2 ** (17 - i) % 11), 0);
  const value = (12 - (sum % 11)) % 11;
  return value === 10 ? 'X' : String(value);
}
function gb32100(first17: string): string {
  const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  let sum = 0;
  let weight = 1;
  for (const c of first17) {
    sum += alphabet.indexOf(c) * weight;
    weight = (weight * 3) % 31;
  }
  return alphabet[(31 - (sum % 31)) % 31];
}
const otherDigit = (c: string): string => (c === '0' ? '1' : c === 'X' ? '0' : c === '9' ? 'X' : String(Number(c) + 1));

describe('resident ID number (GB 11643, ISO 7064 MOD 11-2)', () => {
  const bodies = ['11010519491231002', '44010619900307123', '32010219851111001', '51010720000229456', '44030419781024031'];
  const valid = bodies.map((b) => b + gb11643(b));

  it('computes the check character like the standard', () => {
    for (const b of bodies) expect(residentIdCheckCharacter(b)).toBe(gb11643(b));
    // The standard's own example number ends in X.
    expect('11010519491231002' + gb11643('11010519491231002')).toBe('11010519491231002X');
  });

  it.each(valid)('accepts %s', (id) => {
    expect(residentIdProblem(id)).toBeNull();
    expect(isValidResidentIdNumber(id)).toBe(true);
  });

  it.each(valid)('refuses %s with a wrong check character', (id) => {
    const wrong = id.slice(0, 17) + otherDigit(id[17]);
    expect(residentIdProblem(wrong)).toBe('check-digit');
  });

  it('refuses bad shapes: length, letters, lower-case x, leading zero', () => {
    expect(residentIdProblem('11010519491231002')).toBe('format');
    expect(residentIdProblem('11010519491231002XX')).toBe('format');
    expect(residentIdProblem('1101051949123100AX')).toBe('format');
    expect(residentIdProblem('11010519491231002x')).toBe('format');
    expect(residentIdProblem('01010519491231002' + gb11643('01010519491231002'))).toBe('format');
  });

  it('refuses an embedded birth date that does not exist, even with a right check digit', () => {
    for (const body of ['11010519490230002', '11010519491301002', '11010519010229002', '11010519491200002']) {
      expect(residentIdProblem(body + gb11643(body))).toBe('birth-date');
    }
    // 2000-02-29 exists (leap year).
    expect(residentIdProblem('51010720000229456' + gb11643('51010720000229456'))).toBeNull();
  });

  it('reads the embedded birth date', () => {
    expect(residentIdBirthDate('11010519491231002X')).toBe('1949-12-31');
  });
});

describe('unified social credit code (GB 32100)', () => {
  const bodies = ['91440101MA59TQR7X', '12100000400000716', '52440000MJL15306X', '91350100M00010043', '31110000E00000271'];
  const valid = bodies.map((b) => b + gb32100(b));

  it('computes the check character like the standard', () => {
    for (const b of bodies) expect(creditCodeCheckCharacter(b)).toBe(gb32100(b));
  });

  it.each(valid)('accepts %s', (code) => {
    expect(creditCodeProblem(code)).toBeNull();
    expect(isValidCreditCode(code)).toBe(true);
  });

  it.each(valid)('refuses %s with a wrong check character', (code) => {
    const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
    const wrong = code.slice(0, 17) + alphabet[(alphabet.indexOf(code[17]) + 1) % 31];
    expect(creditCodeProblem(wrong)).toBe('check-character');
  });

  it('refuses bad shapes: length and the letters I, O, S, V, Z', () => {
    expect(creditCodeProblem('91440101MA59TQR7')).toBe('format');
    for (const letter of ['I', 'O', 'S', 'V', 'Z']) expect(creditCodeProblem(`9144010${letter}MA59TQR7X0`)).toBe('format');
    expect(creditCodeProblem('91440101ma59tqr7x0')).toBe('format');
  });
});

describe('small values', () => {
  it('dates', () => {
    expect(isRealDate('2024-02-29')).toBe(true);
    expect(isRealDate('2023-02-29')).toBe(false);
    expect(isRealDate('2023-13-01')).toBe(false);
    expect(isRealDate('2023-1-01')).toBe(false);
    expect(isPlausibleBirthDate('1899-12-31', '2025-01-01T00:00:00Z')).toBe(false);
    expect(isPlausibleBirthDate('2025-01-02', '2025-01-01T00:00:00Z')).toBe(false);
    expect(isPlausibleBirthDate('2025-01-01', '2025-01-01T00:00:00Z')).toBe(true);
  });
  it('usernames', () => {
    expect(isValidUsername('li_si_2024')).toBe(true);
    expect(isValidUsername('abc')).toBe(false);
    expect(isValidUsername('a'.repeat(33))).toBe(false);
    expect(isValidUsername('13912345678')).toBe(false);
    expect(isValidUsername('li@si')).toBe(false);
    expect(isValidUsername('李四abcd')).toBe(false);
    expect(usernameKey(' Li_Si ')).toBe('li_si');
  });
  it('mobiles', () => {
    expect(isMainlandMobile('13912345678')).toBe(true);
    expect(isMainlandMobile('12912345678')).toBe(false);
    expect(isMainlandMobile('1391234567')).toBe(false);
    expect(isMainlandMobile('+8613912345678')).toBe(false);
  });
  it('password policy', () => {
    expect(meetsPasswordPolicy('Passw0rd')).toBe(true);
    expect(meetsPasswordPolicy('Pass0rd')).toBe(false);
    expect(meetsPasswordPolicy('password')).toBe(false);
    expect(meetsPasswordPolicy('12345678')).toBe(false);
    expect(meetsPasswordPolicy('a1'.repeat(32))).toBe(true);
    expect(meetsPasswordPolicy('a1'.repeat(32) + 'x')).toBe(false);
  });
  it('masks ID numbers: first 6 and last 4 visible', () => {
    expect(maskIdNumber('44010619900307123X')).toBe('440106********123X');
    expect(maskIdNumber('E12345678')).toBe('E*******8');
  });
});
