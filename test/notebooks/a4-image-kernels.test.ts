/** Own test of the student notebook notebooks/assignments/a4-image-kernels.ipynb (see test/grading/student-notebook.ts). */
import { runNotebookForTest } from "./harness";
import { studentNotebookRunsToItsFirstTest } from "../grading/student-notebook";

studentNotebookRunsToItsFirstTest("notebooks/assignments/a4-image-kernels.ipynb", (file) => runNotebookForTest(file));
