import { negotiateProblemLanguage } from './accept-language';

describe('negotiateProblemLanguage', () => {
  it.each<[string | undefined, string]>([
    [undefined, 'zh-CN'],
    ['', 'zh-CN'],
    ['en', 'en'],
    ['en-US,en;q=0.9', 'en'],
    ['zh-CN', 'zh-CN'],
    ['zh', 'zh-CN'],
    ['zh-TW', 'zh-CN'],
    ['*', 'zh-CN'],
    ['fr', 'zh-CN'],
    ['fr, en;q=0.5', 'en'],
    ['zh-CN;q=0.8, en', 'en'],
    ['en;q=0.3, zh;q=0.7', 'zh-CN'],
    ['en, zh', 'en'],
    ['zh, en', 'zh-CN'],
    ['zh;q=0, *', 'en'],
    ['zh-CN;q=0, en;q=0', 'zh-CN'],
    ['EN;Q=0.5', 'en'],
    ['en;q=abc, zh;q=0.1', 'zh-CN'],
    ['en-GB;q=0.9, zh-CN;q=0.9', 'en'],
  ])('%s → %s', (header, expected) => {
    expect(negotiateProblemLanguage(header)).toBe(expected);
  });
});
