/**
 * Source of `blocked(name)` for the stub modules the sandbox's view writes (answer-key modules in view.ts, TensorFlow.js
 * in no-tfjs.ts): a function-shaped Proxy that throws "<name> is not available while grading this assignment" on any
 * use (call, `new`, property read or write, reflection).
 */
export const BLOCKED_SOURCE: readonly string[] = [
  "function blocked(name) {",
  "  const fail = () => { throw new Error(`${name} is not available while grading this assignment`); };",
  "  return new Proxy(function () {}, { apply: fail, construct: fail, get: fail, set: fail, has: fail, ownKeys: fail, getOwnPropertyDescriptor: fail, defineProperty: fail, deleteProperty: fail, getPrototypeOf: fail, setPrototypeOf: fail });",
  "}",
];
