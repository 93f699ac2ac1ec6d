/** Graded assignments: student versions of instructor notebooks, checks, and the autograder. */
export { check, CHECK_SINK, type CheckRecord } from "./checks";
export { studentVersion, stubSolutions, defaultStudentPath, STUB } from "./assign";
export { gradeSubmissions, resolveInstructor, type GradeArgs, type GradeReport, type SubmissionGrade, type CellProblem } from "./grade";
export { gradeTest, gradeCheck, type TestGrade, type CheckGrade } from "./score";
export { feedbackMarkdown, feedbackHtml, summaryCsv, gradebookCsv, gradebookCanvasCsv, writeFeedback } from "./feedback";
export { assignmentSpec, type AssignmentSpec, type TestSpec } from "./spec";
export { compareClose, compareEqual, compareAtLeast, compareAccuracy, toValue, type Value } from "./values";
