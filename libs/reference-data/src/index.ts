export * from './lib/countries/countries';
export * from './lib/ethnicities/ethnicities';
export * from './lib/regions/regions';
export * from './lib/certificate-levels/certificate-levels';
export * from './lib/education-levels/education-levels';
