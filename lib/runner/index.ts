/** Headless notebook execution and HTML reports (`cnnlab run`). */
export { runNotebooks, type RunArgs, type NotebookSummary } from "./run";
export { executeNotebook, type ExecuteArgs, type ExecutionResult, type CellReport } from "./execute";
export { findNotebooks, type NotebookTarget } from "./find";
export { renderReport, type ReportArgs } from "./report";
export { renderMarkdown, renderLatex } from "./markdown";
export { runWithJupyter, requireJupyterKernel, jupyterVersion, kernelNames, KERNEL_NAME, JUPYTER_INSTALL_HINT } from "./jupyter";
