/** Languages, the message catalogue and localised notebooks (issue 22; contract in notebooks/README.md). */
export { LANGS, LANG_NAMES, isLang, parseLang, currentLang, type Lang } from "./lang";
export { t, translator, type Params } from "./t";
export { CATALOGUES, type MessageKey, type Message } from "./messages";
export { cellHash, localiseNotebook, localiseFile, loadTranslations, readTranslations, translationFile, translationStem, courseDirOf, checkTranslations, describeProblems, notebookLang, type Translations, type CellTranslation, type CellProblem } from "./notebook";
export { loadGlossary, readGlossary, glossaryRows, glossaryTitle, glossaryFile, type Glossary, type GlossaryTerm } from "./glossary";
