import { isCalendarDate } from '@credit-bank/kernel';

/** True for a YYYY-MM-DD string naming a day that exists in the Gregorian calendar. */
export function isRealDate(value: string): boolean {
  return isCalendarDate(value);
}

/** A plausible birth date: a real day, from 1900-01-01 and not after the day of `now` (ISO-8601). */
export function isPlausibleBirthDate(value: string, now: string): boolean {
  return isRealDate(value) && value >= '1900-01-01' && value <= now.slice(0, 10);
}
