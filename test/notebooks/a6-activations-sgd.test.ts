/** Own test of the student notebook notebooks/assignments/a6-activations-sgd.ipynb (see test/grading/student-notebook.ts). */
import { runNotebookForTest } from "./harness";
import { studentNotebookRunsToItsFirstTest } from "../grading/student-notebook";

studentNotebookRunsToItsFirstTest("notebooks/assignments/a6-activations-sgd.ipynb", (file) => runNotebookForTest(file));
