/** Gradebook keys: who a submission belongs to comes from what the instructor collected, never from a name the student chose. */
import { studentKeys } from "../../lib/grading/grade";

it("names students by their files when all sit in one folder", () => {
  expect(studentKeys(["subs/alice.ipynb", "subs/bob.ipynb"])).toEqual(["alice", "bob"]);
});

it("names students by their folders in a one-folder-per-student download, whatever their files are called", () => {
  // Red team: mallory (whose folder sorts first) uploads "bob.ipynb" to take bob's gradebook row.
  const keys = studentKeys(["subs/aaa-mallory/bob.ipynb", "subs/bob/tiny.ipynb", "subs/carol/tiny.ipynb"]);
  expect(keys).toEqual(["aaa-mallory", "bob", "carol"]);
});

it("numbers a student's second notebook and cleans names for file systems and spreadsheets", () => {
  expect(studentKeys(["subs/dave/a.ipynb", "subs/dave/b.ipynb", "subs/=evil cmd/x.ipynb"])).toEqual(["dave", "dave-2", "evil_cmd"]);
});

it("keeps file names for notebooks directly in the submissions folder beside per-student folders", () => {
  expect(studentKeys(["subs/ann.ipynb", "subs/dee/work.ipynb", "subs/bob.ipynb"])).toEqual(["ann", "dee", "bob"]);
});
