/** Own test of the student notebook notebooks/assignments/a2-pool-bn.ipynb (see test/grading/student-notebook.ts). */
import { runNotebookForTest } from "./harness";
import { studentNotebookRunsToItsFirstTest } from "../grading/student-notebook";

studentNotebookRunsToItsFirstTest("notebooks/assignments/a2-pool-bn.ipynb", (file) => runNotebookForTest(file));
