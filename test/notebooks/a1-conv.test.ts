/** Own test of the student notebook notebooks/assignments/a1-conv.ipynb (see test/grading/student-notebook.ts). */
import { runNotebookForTest } from "./harness";
import { studentNotebookRunsToItsFirstTest } from "../grading/student-notebook";

studentNotebookRunsToItsFirstTest("notebooks/assignments/a1-conv.ipynb", (file) => runNotebookForTest(file));
