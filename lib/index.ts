/**
 * cnnlab — the single public entry. Notebooks and users import everything from here:
 *   import { initBackend, reference as R, datasets, show, plot } from "cnnlab";
 */
export { rng, permutation } from "./random";
export type { Rng } from "./random";
export * from "./backend";
export * as tf from "@tensorflow/tfjs";
export * as datasets from "./datasets";
export * as reference from "./reference";
export * as arith from "./arith";
export { show, plot, dashboard, TrainingDashboard, installKernel, jupyterStatus, kernelSpec, inKernel, __setDisplaySink, __captureDisplays } from "../kernel-ext";
export type { MimeBundle, DisplayOutput, NumericInput, ImageArgs, GridArgs, TilesArgs, MatrixArgs, TableArgs, Row, LayerRow, ModelLike, Series, PlotArgs, HeatmapArgs, DashboardArgs, DashboardLogs, ConvExplorerArgs, KernelInstallArgs, KernelSpec } from "../kernel-ext";
export { quickMode, pick } from "./quick";
export { readNotebook, writeNotebook, parseNotebook, serializeNotebook, stripOutputs, hasNoOutputs, cellSource, cellTags, joinText, splitLines, outputText } from "./notebook";
export type { Notebook, Cell, CodeCell, MarkdownCell, RawCell, Output } from "./notebook";
export { runNotebooks, executeNotebook, findNotebooks, renderReport } from "./runner";
export type { RunArgs, NotebookSummary, ExecuteArgs, ExecutionResult, CellReport, ReportArgs } from "./runner";
export { check, studentVersion, gradeSubmissions, feedbackMarkdown, feedbackHtml, summaryCsv } from "./grading";
export type { CheckRecord, GradeArgs, GradeReport, SubmissionGrade, TestGrade } from "./grading";
