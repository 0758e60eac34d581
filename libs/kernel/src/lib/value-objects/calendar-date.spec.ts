import { isCalendarDate } from './calendar-date';

describe('isCalendarDate', () => {
  it.each(['2024-02-29', '2000-02-29', '1900-01-01', '0028-03-04', '0001-01-01', '9999-12-31'])('accepts %s', (d) => {
    expect(isCalendarDate(d)).toBe(true);
  });

  it.each(['2023-02-29', '1900-02-29', '2023-13-01', '2023-00-10', '2023-04-31', '2023-01-00', '2023-1-01', '20230101', ' 2023-01-01', '0000-01-01'])('refuses %s', (d) => {
    expect(isCalendarDate(d)).toBe(false);
  });

  it('refuses what is not a string', () => {
    for (const v of [undefined, null, 20230101, new Date('2023-01-01'), ['2023-01-01']]) expect(isCalendarDate(v)).toBe(false);
  });
});
