import { CERTIFICATE_LEVELS, findCertificateLevel } from './certificate-levels/certificate-levels';
import { COUNTRIES, findCountry } from './countries/countries';
import { EDUCATION_LEVELS, findEducationLevel } from './education-levels/education-levels';
import { ETHNICITIES, findEthnicity } from './ethnicities/ethnicities';
import { findRegion, PROVINCES, regionChildren, regionPathProblems } from './regions/regions';

describe('reference data', () => {
  it('lists the countries of GB/T 2659 once each, 中国 first, by alpha-2 or alpha-3 code', () => {
    expect(COUNTRIES.length).toBe(249);
    expect(COUNTRIES[0]).toEqual({ alpha2: 'CN', alpha3: 'CHN', numeric: '156', name: '中国', nameEn: "People's Republic of China" });
    expect(new Set(COUNTRIES.map((c) => c.alpha2)).size).toBe(COUNTRIES.length);
    expect(new Set(COUNTRIES.map((c) => c.alpha3)).size).toBe(COUNTRIES.length);
    expect(findCountry('usa')?.name).toBe('美国');
    expect(findCountry(' gb ')?.alpha3).toBe('GBR');
    expect(findCountry('TW')?.name).toBe('中国台湾');
    expect(findCountry('XK')).toBeUndefined();
    expect(findCountry('火星国')).toBeUndefined();
    expect(findCountry(156)).toBeUndefined();
  });

  it('lists the 56 ethnic groups of GB/T 3304 and its two further entries', () => {
    expect(ETHNICITIES.map((e) => e.code)).toEqual([...Array.from({ length: 56 }, (_, i) => String(i + 1).padStart(2, '0')), '97', '98']);
    expect(findEthnicity('01')?.name).toBe('汉族');
    expect(findEthnicity('56')?.name).toBe('基诺族');
    expect(findEthnicity('外星族')).toBeUndefined();
    expect(findEthnicity('57')).toBeUndefined();
  });

  it('holds the GB/T 2260 divisions as province → city → district', () => {
    expect(PROVINCES).toHaveLength(34);
    expect(findRegion('440000')).toEqual({ code: '440000', name: '广东省', level: 'province', parent: null });
    expect(regionChildren('440100')?.map((r) => r.name)).toContain('天河区');
    expect(findRegion('440106')).toEqual({ code: '440106', name: '天河区', level: 'district', parent: '440100' });
    // Cities without county-level divisions, and regions GB/T 2260 does not divide.
    expect(regionChildren('441900')).toEqual([]);
    expect(regionChildren('810000')).toEqual([]);
    expect(regionChildren('999999')).toBeUndefined();
    // No statistics-only unit (开发区 and the like, fifth digit 7) is a division.
    expect(findRegion('130171')).toBeUndefined();
    for (const r of PROVINCES) for (const city of regionChildren(r.code) ?? []) expect(city.level).toBe('city');
  });

  it('checks a province → city → district choice as a real combination', () => {
    expect(regionPathProblems({ province: '440000', city: '440100', district: '440106' })).toEqual([]);
    expect(regionPathProblems({ province: '440000', city: '441900' })).toEqual([]);
    expect(regionPathProblems({ province: '810000' })).toEqual([]);
    expect(regionPathProblems({})).toEqual([{ part: 'province', problem: 'required' }]);
    expect(regionPathProblems({ province: '不存在省' })).toEqual([{ part: 'province', problem: 'unknown' }]);
    expect(regionPathProblems({ province: '440100' })).toEqual([{ part: 'province', problem: 'unknown' }]);
    expect(regionPathProblems({ province: '440000' })).toEqual([{ part: 'city', problem: 'required' }]);
    expect(regionPathProblems({ province: '440000', city: '110100', district: '110101' })).toEqual([{ part: 'city', problem: 'mismatch' }]);
    expect(regionPathProblems({ province: '440000', city: '440100' })).toEqual([{ part: 'district', problem: 'required' }]);
    expect(regionPathProblems({ province: '440000', city: '440100', district: '440303' })).toEqual([{ part: 'district', problem: 'mismatch' }]);
    expect(regionPathProblems({ province: '440000', city: '441900', district: '440106' })).toEqual([{ part: 'district', problem: 'mismatch' }]);
    expect(regionPathProblems({ province: '810000', city: '440100' })).toEqual([{ part: 'city', problem: 'mismatch' }]);
  });

  it('lists the five vocational skill levels and the GB/T 4658 education levels', () => {
    expect(CERTIFICATE_LEVELS.map((l) => l.code)).toEqual(['5', '4', '3', '2', '1']);
    expect(findCertificateLevel('2')?.name).toBe('二级/技师');
    expect(findCertificateLevel('中级')).toBeUndefined();
    expect(findEducationLevel('61')).toEqual({ code: '61', name: '普通高中毕业', nameEn: 'Senior high school, graduated', parent: '60' });
    expect(findEducationLevel('高中')).toBeUndefined();
    const codes = EDUCATION_LEVELS.map((l) => l.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const l of EDUCATION_LEVELS) if (l.parent) expect(codes).toContain(l.parent);
  });
});
