/**
 * Source of `blocked(name)` for the stub modules the sandbox's view writes (answer-key modules in view.ts, TensorFlow.js
 * in no-tfjs.ts): a function-shaped Proxy that throws "<name> is not available while grading this assignment" on any
 * use (call, `new`, property read or write, reflection). The sentence is the catalogue's "grade.notAvailable" in the
 * language of the process's CNNLAB_LANG (executePlan gives a submission's process its language): the view is built
 * once per grading run, for submissions in any of the course's languages, so every language's sentence is in the stub.
 */
import { LANGS } from "../i18n/lang";
import { CATALOGUES } from "../i18n/messages";

/** Each language's sentence, `{name}` left in (a plain message: no plural forms). */
function sentences(): Record<string, string> {
  return Object.fromEntries(LANGS.map((lang) => [lang, String(CATALOGUES[lang]["grade.notAvailable"] ?? CATALOGUES.en["grade.notAvailable"])]));
}

export const BLOCKED_SOURCE: readonly string[] = [
  `const BLOCKED_SENTENCES = ${JSON.stringify(sentences())};`,
  "const hasOwn = Object.prototype.hasOwnProperty;",
  "function blocked(name) {",
  "  const fail = () => {",
  "    const lang = process.env.CNNLAB_LANG;",
  "    const sentence = typeof lang === \"string\" && hasOwn.call(BLOCKED_SENTENCES, lang) ? BLOCKED_SENTENCES[lang] : BLOCKED_SENTENCES.en;",
  "    throw new Error(sentence.replace(\"{name}\", () => name));",
  "  };",
  "  return new Proxy(function () {}, { apply: fail, construct: fail, get: fail, set: fail, has: fail, ownKeys: fail, getOwnPropertyDescriptor: fail, defineProperty: fail, deleteProperty: fail, getPrototypeOf: fail, setPrototypeOf: fail });",
  "}",
];
