/** The languages problem documents are written in; zh-CN unless the client asks for English. */
export type ProblemLanguage = 'zh-CN' | 'en';

export const DEFAULT_PROBLEM_LANGUAGE: ProblemLanguage = 'zh-CN';

const LANGUAGES: ReadonlyArray<{ tag: ProblemLanguage; primary: string }> = [
  { tag: 'zh-CN', primary: 'zh' },
  { tag: 'en', primary: 'en' },
];

interface LanguageRange {
  range: string;
  q: number;
  order: number;
}

function parse(header: string): LanguageRange[] {
  return header
    .split(',')
    .map((part, order) => {
      const [range, ...params] = part.trim().split(';');
      const qParam = params.map((p) => p.trim()).find((p) => /^q=/i.test(p));
      const q = qParam === undefined ? 1 : Number(qParam.slice(2));
      return { range: range.trim().toLowerCase(), q: Number.isFinite(q) ? Math.min(Math.max(q, 0), 1) : 0, order };
    })
    .filter((r) => r.range !== '');
}

/** How closely `range` names `language`: 3 exactly, 2 its primary tag, 1 a sibling (zh-TW for zh-CN), 0 `*`; -1 not at all. */
function specificity(range: string, language: { tag: ProblemLanguage; primary: string }): number {
  if (range === language.tag.toLowerCase()) return 3;
  if (range === language.primary) return 2;
  if (range.startsWith(`${language.primary}-`)) return 1;
  if (range === '*') return 0;
  return -1;
}

/**
 * The language of a problem document from an Accept-Language header (RFC 9110 §12.5.4): each
 * language takes the quality of the most specific range that names it; the highest quality above
 * zero wins, on a tie the range listed first; nothing acceptable, or no header, gives zh-CN.
 */
export function negotiateProblemLanguage(header: string | undefined): ProblemLanguage {
  if (!header) return DEFAULT_PROBLEM_LANGUAGE;
  const ranges = parse(header);
  let best: { tag: ProblemLanguage; q: number; order: number } | undefined;
  for (const language of LANGUAGES) {
    let match: LanguageRange | undefined;
    let matchSpecificity = -1;
    for (const r of ranges) {
      const s = specificity(r.range, language);
      if (s > matchSpecificity) [match, matchSpecificity] = [r, s];
    }
    if (!match || match.q <= 0) continue;
    if (!best || match.q > best.q || (match.q === best.q && match.order < best.order)) best = { tag: language.tag, q: match.q, order: match.order };
  }
  return best?.tag ?? DEFAULT_PROBLEM_LANGUAGE;
}
