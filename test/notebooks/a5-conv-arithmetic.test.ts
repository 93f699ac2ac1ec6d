/** Own test of the student notebook notebooks/assignments/a5-conv-arithmetic.ipynb (see test/grading/student-notebook.ts). */
import { runNotebookForTest } from "./harness";
import { studentNotebookRunsToItsFirstTest } from "../grading/student-notebook";

studentNotebookRunsToItsFirstTest("notebooks/assignments/a5-conv-arithmetic.ipynb", (file) => runNotebookForTest(file));
