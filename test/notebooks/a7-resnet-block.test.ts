/** Own test of the student notebook notebooks/assignments/a7-resnet-block.ipynb (see test/grading/student-notebook.ts). */
import { runNotebookForTest } from "./harness";
import { studentNotebookRunsToItsFirstTest } from "../grading/student-notebook";

studentNotebookRunsToItsFirstTest("notebooks/assignments/a7-resnet-block.ipynb", (file) => runNotebookForTest(file));
