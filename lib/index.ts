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
export type { MimeBundle, DisplayBundle, JsonValue, DisplayOutput, NumericInput, ImageArgs, GridArgs, TilesArgs, MatrixArgs, TableArgs, Row, LayerRow, ModelLike, Series, PlotArgs, HeatmapArgs, DashboardArgs, DashboardLogs, ConvExplorerArgs, KernelInstallArgs, KernelSpec, HeatmapOverlayArgs } from "../kernel-ext";
// Layers, architectures, summary and model files (branch models). Models return logits.
export { LocalResponseNormalization, localResponseNormalization } from "./layers/lrn";
export type { LocalResponseNormalizationArgs } from "./layers/lrn";
export { PartialConv2D, partialConv2d, LENET5_C3_TABLE } from "./layers/partial-conv";
export type { PartialConv2DArgs } from "./layers/partial-conv";
export { TrainableSubsampling, trainableSubsampling } from "./layers/subsampling";
export type { TrainableSubsamplingArgs } from "./layers/subsampling";
export { Squash, squashLayer } from "./layers/squash-layer";
export type { SquashArgs } from "./layers/squash-layer";
export { scaledTanh, SQUASH_NAMES } from "./layers/activations";
export type { SquashName } from "./layers/activations";
export { Maxout, maxout } from "./layers/maxout";
export type { MaxoutArgs } from "./layers/maxout";
export { basicBlock, bottleneckBlock, convBn } from "./layers/residual";
export { batchNormalization } from "./layers/batch-norm";
export type { ResidualBlockArgs, ShortcutKind } from "./layers/residual";
export { inceptionModule, inceptionChannels } from "./layers/inception";
export type { InceptionArgs } from "./layers/inception";
export { auxiliaryClassifier } from "./layers/inception";
export type { AuxiliaryClassifierArgs } from "./layers/inception";
export { buildModel, modelNames, MODELS } from "./models/registry";
export type { ModelEntry } from "./models/registry";
export type { ModelArgs, InputShape } from "./models/args";
export { VGG_CONFIGS } from "./models/vgg";
export { GOOGLENET_INCEPTIONS } from "./models/googlenet";
export { summarize, formatSummary } from "./summary";
export type { Summary, SummaryRow } from "./summary";
export { saveModel, loadModel, folderHandler } from "./io/model-io";
export * from "./train";
export * from "./evaluate";
export { quickMode, pick } from "./quick";
export { readNotebook, writeNotebook, parseNotebook, serializeNotebook, stripOutputs, hasNoOutputs, cellSource, cellTags, joinText, splitLines, outputText } from "./notebook";
export type { Notebook, Cell, CodeCell, MarkdownCell, RawCell, Output } from "./notebook";
export { runNotebooks, executeNotebook, findNotebooks, renderReport } from "./runner";
export type { RunArgs, NotebookSummary, ExecuteArgs, ExecutionResult, CellReport, ReportArgs } from "./runner";
export { check, studentVersion, gradeSubmissions, feedbackMarkdown, feedbackHtml, summaryCsv } from "./grading";
export type { CheckRecord, GradeArgs, GradeReport, SubmissionGrade, TestGrade } from "./grading";
// What a trained CNN sees, and how to fool it (notebooks 12 and 13).
export * as interpret from "./interpret";
export * as adversarial from "./adversarial";
// Course notebooks: values recorded for their tests, and self-checks for exercises (lib/course).
export { record, RECORD_MIME, selfCheck } from "./course";
export type { RecordValues, SelfCheckArgs, SelfCheckStatus } from "./course";
// The course in six languages (lib/i18n): printed strings, localised notebooks, the glossary.
export { LANGS, LANG_NAMES, currentLang, parseLang, isLang, t, cellHash, localiseNotebook, loadGlossary, glossaryRows, glossaryTitle } from "./i18n";
export type { Lang, MessageKey, Translations, Glossary, GlossaryTerm } from "./i18n";
export { readScalar, readData, readArray } from "./read";
