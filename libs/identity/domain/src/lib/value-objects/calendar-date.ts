const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a YYYY-MM-DD string naming a day that exists in the Gregorian calendar. */
export function isRealDate(value: string): boolean {
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (year < 1 || month < 1 || month > 12 || day < 1) return false;
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** A plausible birth date: a real day, from 1900-01-01 and not after the day of `now` (ISO-8601). */
export function isPlausibleBirthDate(value: string, now: string): boolean {
  return isRealDate(value) && value >= '1900-01-01' && value <= now.slice(0, 10);
}
