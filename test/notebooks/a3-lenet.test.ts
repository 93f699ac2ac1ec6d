/** Own test of the student notebook notebooks/assignments/a3-lenet.ipynb (see test/grading/student-notebook.ts). */
import { runNotebookForTest } from "./harness";
import { studentNotebookRunsToItsFirstTest } from "../grading/student-notebook";

studentNotebookRunsToItsFirstTest("notebooks/assignments/a3-lenet.ipynb", (file) => runNotebookForTest(file));
