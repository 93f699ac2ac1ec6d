/** Notebook outputs for cnnlab: rich displays, Plotly charts, a training dashboard, the Jupyter kernel. */
export { show } from "./show";
export { plot } from "./plot";
export { dashboard, TrainingDashboard } from "./dashboard";
export { installKernel, jupyterStatus, kernelSpec, KERNEL_NAME, KERNEL_DISPLAY_NAME } from "./kernelspec";
export { inKernel, __setDisplaySink, __captureDisplays } from "./display";
export type { MimeBundle, DisplayBundle, DisplayOutput, JsonValue } from "./display";
export type { NumericInput } from "./dense";
export type { ImageArgs, GridArgs } from "./image";
export type { TilesArgs } from "./layers";
export type { MatrixArgs } from "./matrix";
export type { TableArgs, Row, LayerRow, ModelLike } from "./table";
export type { Series, PlotArgs, HeatmapArgs } from "./plot";
export type { DashboardArgs, DashboardLogs } from "./dashboard";
export type { ConvExplorerArgs } from "./convExplorer";
export type { KernelInstallArgs, KernelSpec } from "./kernelspec";
export type { HeatmapOverlayArgs } from "./heatmap";
