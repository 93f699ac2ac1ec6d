/** The sandbox's copy of cnnlab: answer-key functions throw in their compiled file, the grader's own modules are empty. */
import * as fs from "fs";
import * as path from "path";
import { answerKeyMessage, buildView, type PackageView } from "../../lib/grading/view";

let view: PackageView;

beforeAll(() => {
  view = buildView(["conv2dForward", "maxPoolBackward"]);
});

afterAll(() => view.remove());

it("replaces each answer-key function in its compiled file: no implementation left to read, calling it throws", () => {
  const file = path.join(view.dir, "dist", "lib", "reference", "conv2d.js");
  const text = fs.readFileSync(file, "utf8");
  expect(text).not.toContain('convGeometry("conv2dForward"');
  const mod = require(file);
  expect(() => mod.conv2dForward()).toThrow(answerKeyMessage("conv2dForward"));
  expect(answerKeyMessage("conv2dForward")).toBe("reference.conv2dForward is not available while grading this assignment");
  // Other functions of the same module still work.
  expect(typeof mod.conv2dBackward).toBe("function");
  expect(() => require(path.join(view.dir, "dist", "lib", "reference", "pool.js")).maxPoolBackward()).toThrow(answerKeyMessage("maxPoolBackward"));
});

it("leaves out the grader's code, source maps and instructor material", () => {
  const grading = path.join(view.dir, "dist", "lib", "grading");
  expect(fs.readFileSync(path.join(grading, "score.js"), "utf8")).not.toContain("compareClose");
  expect(fs.readFileSync(path.join(grading, "grade.js"), "utf8")).not.toContain("instructor");
  expect(fs.readdirSync(path.join(view.dir, "dist", "lib", "reference")).some((f) => f.endsWith(".map"))).toBe(false);
  expect(fs.readdirSync(view.dir).sort()).toEqual(["datasets", "dist", "package.json"]);
});

it("names an answer_key entry that is not a reference function", () => {
  expect(() => buildView(["conv2dForward", "noSuchThing"])).toThrow('answer_key names "noSuchThing", which is not a function of cnnlab\'s reference implementation');
});
