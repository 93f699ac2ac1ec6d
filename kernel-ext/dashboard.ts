/**
 * A live training dashboard: one output redrawn in place (progress bar, ETA, images/s,
 * loss and accuracy curves as SVG images). Works as a `model.fit` callback and with
 * cnnlab's `train` (onTrainBegin / onEpochEnd / onBatchEnd / onTrainEnd); outside a
 * kernel it prints text progress lines instead.
 */
import * as tf from "@tensorflow/tfjs";
import { DisplayHandle, MimeBundle, escapeHtml, newDisplayHandle, richOutput } from "./display";
import { TrainingProgress, reportProgress } from "./progress-channel";
import { svgDataUri, svgToPng } from "./rasterize";
import { svgLineChart } from "./svgChart";
import { t } from "../lib/i18n/t";

/** Options of `dashboard`. */
export interface DashboardArgs {
  /** Heading. Default "Training". */
  title?: string;
  /** Total epochs, for progress and ETA. Default: model.fit's `epochs`, or logs.epochs at onTrainBegin. */
  epochs?: number;
  /** Batches per epoch. Default: model.fit's steps (or samples / batchSize), else learned from the first epoch. */
  batchesPerEpoch?: number;
  /** Least time between two redraws in a notebook, ms. Default 500 (about twice a second). */
  redrawMs?: number;
  /** Least time between two text progress lines outside a notebook, ms. Default 5000. */
  printMs?: number;
  /** Clock in ms; a test hook for deterministic throttling. Default Date.now. */
  clock?: () => number;
}

/** Training logs as tfjs and cnnlab's train send them: objects of numbers or scalar tensors. */
export type DashboardLogs = object | undefined;

/** Names seen in the wild for each quantity; the first present wins. */
const LOG_KEYS = {
  loss: ["loss", "train_loss", "trainLoss"],
  acc: ["acc", "accuracy", "train_acc", "trainAcc"],
  valLoss: ["val_loss", "valLoss"],
  valAcc: ["val_acc", "val_accuracy", "valAcc", "valAccuracy"],
  imagesPerSecond: ["images_per_s", "imagesPerSec", "images_per_sec", "imagesPerSecond"],
  batchSize: ["size", "batchSize", "batch_size"],
} as const;

type Quantity = keyof typeof LOG_KEYS;

/** A number from logs (scalar tensors read first by `resolveScalars`), or undefined. */
export function readLog(logs: DashboardLogs, quantity: Quantity): number | undefined {
  if (!logs) return undefined;
  for (const key of LOG_KEYS[quantity]) {
    const v = (logs as Record<string, unknown>)[key];
    if (typeof v === "number") return v;
  }
  return undefined;
}

/**
 * Logs with their scalar tensors (model.fit's batch logs) replaced by numbers, read with `await`
 * (webgpu cannot read synchronously in Node). Reads only the quantities the dashboard shows.
 */
export async function resolveScalars(logs: DashboardLogs): Promise<DashboardLogs> {
  if (!logs) return logs;
  const out: Record<string, unknown> = { ...(logs as Record<string, unknown>) };
  const keys = Object.values(LOG_KEYS).flat() as string[];
  await Promise.all(
    keys.map(async (key) => {
      const v = out[key];
      if (v instanceof tf.Tensor) out[key] = !v.isDisposed && v.size === 1 ? (await v.data())[0] : undefined;
    }),
  );
  return out;
}

/** A non-negative integer field of logs (epoch, batch, batchesPerEpoch), if present. */
function readIndex(logs: DashboardLogs, key: string): number | undefined {
  const v = logs ? (logs as Record<string, unknown>)[key] : undefined;
  return typeof v === "number" && Number.isInteger(v) && v >= 0 ? v : undefined;
}

/** Both calling conventions: tfjs passes (index, logs); cnnlab's train passes (logs, control). */
function split(first: number | object, second: DashboardLogs, indexKey: string): { index?: number; logs: DashboardLogs } {
  if (typeof first === "number") return { index: first, logs: second };
  return { index: readIndex(first, indexKey), logs: first };
}

interface EpochRecord {
  epoch: number;
  loss?: number;
  acc?: number;
  valLoss?: number;
  valAcc?: number;
}

const COLOURS = { train: "#1f77b4", val: "#ff7f0e" };
/** Size of each of the two charts, px. */
const CHART_WIDTH = 360;
const CHART_HEIGHT = 220;

/** Per-batch loss points drawn at most; long runs are averaged in buckets so each redraw stays small. */
export const MAX_BATCH_POINTS = 400;

/** At most `max` points: consecutive buckets of points replaced by their mean x and y. */
export function bucketMeans(points: ReadonlyArray<readonly [number, number]>, max: number): Array<[number, number]> {
  if (points.length <= max) return points.map(([x, y]) => [x, y]);
  const out: Array<[number, number]> = [];
  for (let b = 0; b < max; b++) {
    const lo = Math.floor((b * points.length) / max);
    const hi = Math.floor(((b + 1) * points.length) / max);
    let sx = 0;
    let sy = 0;
    for (let k = lo; k < hi; k++) {
      sx += points[k][0];
      sy += points[k][1];
    }
    out.push([sx / (hi - lo), sy / (hi - lo)]);
  }
  return out;
}

function seconds(ms: number): string {
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s} s` : s < 3600 ? `${Math.floor(s / 60)} min ${s % 60} s` : `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
}

const fmt = (v: number | undefined): string => (v === undefined ? "–" : v.toPrecision(3));

export class TrainingDashboard extends tf.Callback {
  private readonly title: string;
  private readonly redrawMs: number;
  private readonly printMs: number;
  private readonly clock: () => number;
  private totalEpochs?: number;
  private batchesPerEpoch?: number;
  private handle: DisplayHandle | null = null;
  private rich = false;
  private started = 0;
  private lastDraw = -Infinity;
  private epoch = 0;
  private batchInEpoch = 0;
  /** The last event was an epoch end (the next batch, without onEpochBegin, opens a new epoch). */
  private epochDone = false;
  private images = 0;
  private reportedImagesPerSecond?: number;
  private batchLoss: Array<[number, number]> = [];
  private epochs: EpochRecord[] = [];
  private latest: EpochRecord = { epoch: 0 };
  private finished = false;

  constructor(args: DashboardArgs = {}) {
    super();
    const positive = (name: string, v: number | undefined) => {
      if (v !== undefined && !(Number.isFinite(v) && v > 0)) throw new Error(`${name}: expected a positive number, received ${v}`);
    };
    positive("epochs", args.epochs);
    positive("batchesPerEpoch", args.batchesPerEpoch);
    if (args.redrawMs !== undefined && !(args.redrawMs >= 0)) throw new Error(`redrawMs: expected a number ≥ 0, received ${args.redrawMs}`);
    if (args.printMs !== undefined && !(args.printMs >= 0)) throw new Error(`printMs: expected a number ≥ 0, received ${args.printMs}`);
    this.title = args.title ?? t("dashboard.title");
    this.redrawMs = args.redrawMs ?? 500;
    this.printMs = args.printMs ?? 5000;
    this.clock = args.clock ?? Date.now;
    this.totalEpochs = args.epochs;
    this.batchesPerEpoch = args.batchesPerEpoch;
  }

  private begin(info?: DashboardLogs): void {
    const p = (this.params ?? {}) as Record<string, unknown>;
    const given = (info ?? {}) as Record<string, unknown>;
    const num = (v: unknown) => (typeof v === "number" && v > 0 ? v : undefined);
    this.totalEpochs ??= num(p.epochs) ?? num(given.epochs);
    this.batchesPerEpoch ??=
      num(p.steps) ?? (num(p.samples) && num(p.batchSize) ? Math.ceil((p.samples as number) / (p.batchSize as number)) : undefined) ?? num(given.batchesPerEpoch);
    this.rich = richOutput();
    this.handle = this.rich ? newDisplayHandle() : null;
    this.started = this.clock();
    this.lastDraw = -Infinity;
    Object.assign(this, { epoch: 0, batchInEpoch: 0, epochDone: false, images: 0, batchLoss: [], epochs: [], latest: { epoch: 0 }, finished: false });
  }

  /** model.fit: onTrainBegin(logs); cnnlab train: onTrainBegin({ epochs, batchesPerEpoch, … }, control). */
  async onTrainBegin(info?: DashboardLogs, _control?: object): Promise<void> {
    this.begin(info);
    this.draw(true);
  }

  async onEpochBegin(epoch: number): Promise<void> {
    if (!this.started) this.begin();
    this.epoch = epoch;
    this.batchInEpoch = 0;
    this.epochDone = false;
  }

  /** model.fit: onBatchEnd(batch, logs); cnnlab train: onBatchEnd({ epoch, batch, loss, accuracy, size, … }, control). */
  async onBatchEnd(batchOrLogs: number | object, fitLogs?: DashboardLogs): Promise<void> {
    if (!this.started) this.begin();
    const { index: batch, logs: given } = split(batchOrLogs, fitLogs, "batch");
    const logs = await resolveScalars(given);
    const epoch = readIndex(logs, "epoch");
    if (epoch !== undefined) this.epoch = epoch;
    else if (this.epochDone) this.epoch += 1; // no onEpochBegin: the batch after an epoch end starts the next
    this.epochDone = false;
    this.batchesPerEpoch ??= readIndex(logs, "batchesPerEpoch");
    this.batchInEpoch = (batch ?? this.batchInEpoch) + 1;
    this.images += readLog(logs, "batchSize") ?? (this.params as { batchSize?: number } | undefined)?.batchSize ?? 0;
    this.reportedImagesPerSecond = readLog(logs, "imagesPerSecond") ?? this.reportedImagesPerSecond;
    const loss = readLog(logs, "loss");
    if (loss !== undefined) this.batchLoss.push([this.epoch + this.batchInEpoch / (this.batchesPerEpoch ?? Math.max(this.batchInEpoch, 1)), loss]);
    const acc = readLog(logs, "acc");
    this.latest = { ...this.latest, loss: loss ?? this.latest.loss, acc: acc ?? this.latest.acc };
    this.draw(false);
  }

  /** model.fit: onEpochEnd(epoch, logs); cnnlab train: onEpochEnd({ epoch, loss, accuracy, valLoss, valAccuracy, imagesPerSecond, … }, control). */
  async onEpochEnd(epochOrLogs: number | object, fitLogs?: DashboardLogs): Promise<void> {
    if (!this.started) this.begin();
    const { index, logs: given } = split(epochOrLogs, fitLogs, "epoch");
    const logs = await resolveScalars(given);
    const epoch = index ?? this.epoch;
    this.epoch = epoch;
    this.epochDone = true;
    // A trainer that reports no batches: learn the epoch length from the first one.
    if (this.batchInEpoch > 0) this.batchesPerEpoch ??= this.batchInEpoch;
    this.batchInEpoch = this.batchesPerEpoch ?? this.batchInEpoch;
    this.reportedImagesPerSecond = readLog(logs, "imagesPerSecond") ?? this.reportedImagesPerSecond;
    const record: EpochRecord = {
      epoch,
      loss: readLog(logs, "loss"),
      acc: readLog(logs, "acc"),
      valLoss: readLog(logs, "valLoss"),
      valAcc: readLog(logs, "valAcc"),
    };
    this.epochs.push(record);
    this.latest = record;
    this.draw(true);
  }

  /** model.fit: onTrainEnd(logs); cnnlab train: onTrainEnd(history). Neither is needed. */
  async onTrainEnd(_logsOrHistory?: object): Promise<void> {
    this.finished = true;
    this.draw(true);
    this.handle = null;
    this.started = 0;
  }

  /** Fraction of training done (0..1), or undefined when the epoch count is unknown. */
  progress(): number | undefined {
    if (!this.totalEpochs) return undefined;
    if (this.finished) return 1;
    const inEpoch = this.batchesPerEpoch ? Math.min(1, this.batchInEpoch / this.batchesPerEpoch) : 0;
    return Math.min(1, (this.epoch + inEpoch) / this.totalEpochs);
  }

  private imagesPerSecond(elapsedMs: number): number | undefined {
    if (this.reportedImagesPerSecond !== undefined) return this.reportedImagesPerSecond;
    return this.images > 0 && elapsedMs > 0 ? (this.images * 1000) / elapsedMs : undefined;
  }

  /** Seconds left, estimated from the time so far and the fraction done (undefined before any progress). */
  private etaSeconds(elapsedMs: number, f: number | undefined): number | undefined {
    return f !== undefined && f > 0 && !this.finished ? (elapsedMs * (1 - f)) / f / 1000 : undefined;
  }

  /** Where training stands, for `cnnlab run`'s live progress line (see progress-channel.ts). */
  progressInfo(): TrainingProgress {
    const elapsed = this.clock() - this.started;
    const info: TrainingProgress = { title: this.title, epoch: this.totalEpochs ? Math.min(this.epoch + 1, this.totalEpochs) : this.epoch + 1, batch: this.batchInEpoch, done: this.finished };
    if (this.totalEpochs) info.epochs = this.totalEpochs;
    if (this.batchesPerEpoch) info.batchesPerEpoch = this.batchesPerEpoch;
    const ips = this.imagesPerSecond(elapsed);
    if (ips !== undefined && Number.isFinite(ips)) info.imagesPerSecond = ips;
    const eta = this.etaSeconds(elapsed, this.progress());
    if (eta !== undefined) info.etaSeconds = eta;
    return info;
  }

  /** One status line: also the text/plain fallback of the dashboard. */
  statusLine(): string {
    const elapsed = this.clock() - this.started;
    const f = this.progress();
    const parts = [`${this.title}:`];
    const [epoch, batch] = [t("dashboard.epoch"), t("dashboard.batch")];
    parts.push(this.totalEpochs ? `${epoch} ${Math.min(this.epoch + 1, this.totalEpochs)}/${this.totalEpochs}` : `${epoch} ${this.epoch + 1}`);
    if (this.batchInEpoch > 0) parts.push(this.batchesPerEpoch ? `${batch} ${this.batchInEpoch}/${this.batchesPerEpoch}` : `${batch} ${this.batchInEpoch}`);
    if (f !== undefined) {
      const filled = Math.round(f * 20);
      parts.push(`[${"#".repeat(filled)}${"-".repeat(20 - filled)}] ${Math.round(f * 100)}%`);
    }
    const l = this.latest;
    parts.push(`${t("dashboard.loss")} ${fmt(l.loss)}`);
    if (l.acc !== undefined) parts.push(`acc ${fmt(l.acc)}`);
    if (l.valLoss !== undefined) parts.push(`val_loss ${fmt(l.valLoss)}`);
    if (l.valAcc !== undefined) parts.push(`val_acc ${fmt(l.valAcc)}`);
    if (this.finished) parts.push(t("dashboard.doneIn", { time: seconds(elapsed) }));
    else if (f !== undefined && f > 0) parts.push(t("dashboard.eta", { time: seconds(this.etaSeconds(elapsed, f)! * 1000) }));
    const ips = this.imagesPerSecond(elapsed);
    if (ips !== undefined) parts.push(t("dashboard.imagesPerSecond", { rate: Math.round(ips) }));
    return parts.join(" ");
  }

  /**
   * The current state as a bundle. HTML that survives sanitising (JupyterLab on untrusted
   * notebooks, GitHub): a status line, a progress bar with inline styles, and the curves as
   * <img>s of SVG (inline <svg> would be stripped, leaving its labels as loose text). With
   * `png`, also image/png of the whole dashboard (PDF exports, viewers without HTML).
   */
  bundle(png = true): MimeBundle {
    const line = this.statusLine();
    const f = this.progress() ?? 0;
    const [lossChart, accChart] = this.charts();
    const barColour = this.finished ? "#2ca02c" : "#4c78a8";
    const img = (svg: string, alt: string) => `<img src="${svgDataUri(svg)}" alt="${escapeHtml(alt)}" width="${CHART_WIDTH}" height="${CHART_HEIGHT}">`;
    const html =
      `<div class="cnnlab-dashboard" style="font:13px sans-serif;max-width:740px">` +
      `<div class="cnnlab-dashboard-status" style="margin-bottom:4px">${escapeHtml(line)}</div>` +
      `<div style="background:#eee;height:10px;border-radius:3px;overflow:hidden;margin-bottom:6px">` +
      `<div class="cnnlab-dashboard-progress" style="width:${(f * 100).toFixed(1)}%;height:10px;background:${barColour}"></div></div>` +
      `<div style="display:flex;flex-wrap:wrap;gap:8px">${img(lossChart, t("dashboard.lossCurves"))}${img(accChart, t("dashboard.accuracyCurves"))}</div></div>`;
    const bundle: MimeBundle = { "text/plain": line, "text/html": html };
    const image = png ? svgToPng(this.svg(line, f, barColour, lossChart, accChart)) : null;
    if (image) bundle["image/png"] = image.toString("base64");
    return bundle;
  }

  /** The loss and accuracy charts as SVG documents. */
  private charts(): [string, string] {
    const xMax = this.totalEpochs ?? Math.max(1, this.epochs.length);
    const point = (get: (r: EpochRecord) => number | undefined) =>
      this.epochs.filter((r) => get(r) !== undefined).map((r) => [r.epoch + 1, get(r) as number] as [number, number]);
    const [train, validation, epoch] = [t("dashboard.train"), t("dashboard.validation"), t("dashboard.epoch")];
    const lossChart = svgLineChart({
      title: t("dashboard.loss"),
      xLabel: epoch,
      xMax,
      width: CHART_WIDTH,
      height: CHART_HEIGHT,
      series: [
        { name: t("dashboard.trainBatch"), colour: COLOURS.train, points: bucketMeans(this.batchLoss, MAX_BATCH_POINTS), faint: true },
        { name: train, colour: COLOURS.train, points: point((r) => r.loss), markers: true },
        { name: validation, colour: COLOURS.val, points: point((r) => r.valLoss), markers: true, dashed: true },
      ],
    });
    const accs = [...point((r) => r.acc), ...point((r) => r.valAcc)].map(([, y]) => y);
    const accChart = svgLineChart({
      title: t("dashboard.accuracy"),
      xLabel: epoch,
      xMax,
      width: CHART_WIDTH,
      height: CHART_HEIGHT,
      yRange: accs.every((a) => a >= 0 && a <= 1) ? [0, 1] : undefined,
      series: [
        { name: train, colour: COLOURS.train, points: point((r) => r.acc), markers: true },
        { name: validation, colour: COLOURS.val, points: point((r) => r.valAcc), markers: true, dashed: true },
      ],
    });
    return [lossChart, accChart];
  }

  /** The whole dashboard as one SVG document (the source of its image/png). */
  private svg(line: string, f: number, barColour: string, lossChart: string, accChart: string): string {
    const width = 2 * CHART_WIDTH + 8;
    const height = 40 + CHART_HEIGHT;
    const nested = (svg: string, x: number) => svg.replace("<svg ", `<svg x="${x}" y="38" `);
    return (
      `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif">` +
      `<rect width="${width}" height="${height}" fill="#fff"/>` +
      `<text x="0" y="14" font-size="13">${escapeHtml(line)}</text>` +
      `<rect x="0" y="22" width="${width}" height="10" rx="3" fill="#eee"/>` +
      `<rect x="0" y="22" width="${(f * width).toFixed(1)}" height="10" rx="3" fill="${barColour}"/>` +
      nested(lossChart, 0) +
      nested(accChart, CHART_WIDTH + 8) +
      `</svg>`
    );
  }

  private draw(force: boolean): void {
    const now = this.clock();
    const interval = this.rich ? this.redrawMs : this.printMs;
    if (!force && now - this.lastDraw < interval) return;
    // Text mode prints at train begin only when nothing is known yet; skip that noise.
    if (!this.rich && this.epochs.length === 0 && this.batchInEpoch === 0 && !this.finished) return;
    this.lastDraw = now;
    reportProgress(this.progressInfo());
    // The PNG (some tens of ms to render) goes with forced redraws only: epoch ends and the last frame.
    if (this.handle) this.handle.update(this.bundle(force));
    else console.log(this.statusLine());
  }
}

/**
 * A live dashboard for `model.fit(x, y, { callbacks: dashboard() })` or cnnlab's
 * `train(..., { callbacks: dashboard({ epochs }) })`.
 */
export function dashboard(args: DashboardArgs = {}): TrainingDashboard {
  return new TrainingDashboard(args);
}
