import type { DocumentSubject } from '../../../schemas/index.ts';
import type { PageLayout } from '../../grid/page-layout.ts';

/** Unit, year, stage as covers print them, on one line or wrapped: `上海市普陀区财政局2024年度部门决算`, `西安市财政局（汇总）2026年部门预算公开说明`. */
const UNIT_FIRST = /^(.*?)((?:19|20)\d{2})年度?(?:区级|市级|省级|县级)?(?:部门|单位)?(预算|决算)/;
/** `2026年广州市统计局部门预算`, `2018年度江苏省高级人民法院预算公开`. */
const YEAR_FIRST = /^((?:19|20)\d{2})年度?(.+?)(?:部门|单位)?(预算|决算)/;
/** A unit named on a line of its own: `预算主管部门：上海市普陀区财政局`. */
const NAMED = /^(?:预算主管部门|主管部门|单位名称|部门名称|部门|单位)[:：](?!万?元$)([^:：]+?)(?=单位[:：]|$)/;
/** The pages a cover or a title page is on; later ones hold the contents and the text. */
const TITLE_PAGES = 3;
/** A cover's title is in its first lines; the rest of the page may be the text already. */
const TITLE_LINES = 4;

/** What a document says it is, from the title on its first pages: unit, year, 预算 or 决算. */
export function readSubject(pages: readonly PageLayout[]): DocumentSubject {
  for (const page of pages.slice(0, TITLE_PAGES)) {
    const lines = page.lines.map((l) => l.text.normalize('NFKC').replace(/\s+/g, '')).filter((l) => !/^\d+$/.test(l));
    const title = lines.slice(0, TITLE_LINES).join('').replace(/^第[一二三四五六七八九十]+部分/, '');
    const named = lines.map((l) => NAMED.exec(l)?.[1]).find(Boolean) ?? null;
    const unitFirst = UNIT_FIRST.exec(title);
    const yearFirst = YEAR_FIRST.exec(title);
    const found = unitFirst && (unitFirst[1] || !yearFirst)
      ? { department: unitFirst[1]!, year: unitFirst[2]!, stage: unitFirst[3]! }
      : yearFirst ? { department: yearFirst[2]!, year: yearFirst[1]!, stage: yearFirst[3]! } : null;
    if (!found) continue;
    const department = named ?? (found.department.replace(/[(（](汇总|本级|合并)[)）]$/, '') || null);
    return { department, fiscalYear: Number(found.year), stage: found.stage === '决算' ? 'final_accounts' : 'budget' };
  }
  return { department: null, fiscalYear: null, stage: null };
}
