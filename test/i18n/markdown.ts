/** What the i18n tests compare in markdown: whether a cell has words to translate, and the parts that must stay identical. */

/** Formulas, code spans, images, link targets and HTML tags: the parts of markdown that are not prose. */
const NOT_PROSE = [/\$\$[\s\S]*?\$\$/g, /\$[^$\n]+\$/g, /```[\s\S]*?```/g, /`[^`\n]*`/g, /!\[[^\]]*\]\([^)]*\)/g, /\]\([^)]*\)/g, /<[^>]+>/g, /https?:\/\/\S+/g];

/** True when the markdown has prose: a word of two or more letters outside formulas, code, images, link targets and tags. */
export function hasWords(markdown: string): boolean {
  let prose = markdown;
  for (const re of NOT_PROSE) prose = prose.replace(re, " ");
  return /\p{L}{2,}/u.test(prose);
}

/** The formulas of a cell ($…$ and $$…$$), sorted: a translation keeps them all, unchanged. */
export function formulas(markdown: string): string[] {
  const withoutCode = markdown.replace(/```[\s\S]*?```/g, " ").replace(/`[^`\n]*`/g, " ");
  const display = withoutCode.match(/\$\$[\s\S]*?\$\$/g) ?? [];
  const inline = withoutCode.replace(/\$\$[\s\S]*?\$\$/g, " ").match(/\$[^$\n]+\$/g) ?? [];
  return [...display, ...inline].map((f) => f.replace(/\s+/g, " ").trim()).sort();
}

/** The levels of a cell's headings, in order ("#", "##", …). */
export function headingLevels(markdown: string): string[] {
  return markdown.replace(/```[\s\S]*?```/g, "").match(/^#{1,6}(?= )/gm) ?? [];
}
