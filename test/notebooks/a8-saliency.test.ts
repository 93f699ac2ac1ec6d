/** Own test of the student notebook notebooks/assignments/a8-saliency.ipynb (see test/grading/student-notebook.ts). */
import { runNotebookForTest } from "./harness";
import { studentNotebookRunsToItsFirstTest } from "../grading/student-notebook";

studentNotebookRunsToItsFirstTest("notebooks/assignments/a8-saliency.ipynb", (file) => runNotebookForTest(file));
