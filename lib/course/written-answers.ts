/** Written answers to open questions: markdown cells with metadata `{"cnnlab": {"solution": true}}`, blanked in a student edition. */
import { cnnlabMeta } from "../grading/spec";
import type { Cell, MarkdownCell } from "../notebook/types";
import type { Lang } from "../i18n/lang";
import { t } from "../i18n/t";

/** What a student finds in place of a written solution. */
export const ANSWER_STUB = "*Your answer here.*";

/** True for a markdown cell holding a written solution (`metadata.cnnlab.solution: true`). */
export function isWrittenSolution(cell: Cell): cell is MarkdownCell {
  return cell.cell_type === "markdown" && cnnlabMeta(cell).solution === true;
}

/** The written-solution cell as a student gets it: same metadata, text replaced by ANSWER_STUB (in `lang`, for a localised edition). */
export function stubWrittenSolution(cell: MarkdownCell, lang: Lang = "en"): MarkdownCell {
  return { ...cell, source: lang === "en" ? ANSWER_STUB : t("edition.answerStub", {}, lang) };
}
