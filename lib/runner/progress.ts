/**
 * `cnnlab run`'s live progress: a course-level part (notebook i of n, elapsed, ETA from the last
 * run's times) and, while a cell trains, the training dashboard's epoch, batch, images/s and ETA
 * (forwarded out of band from the notebook process). On a terminal it is one line redrawn in
 * place; elsewhere (CI, pipes) a plain line at most every `everyS` seconds.
 */
import type { TrainingProgress } from "../../kernel-ext/progress-channel";
import { currentLang } from "../i18n/lang";
import type { MessageKey } from "../i18n/messages";
import { translator, type Params } from "../i18n/t";

type Tr = (key: MessageKey, params?: Params) => string;

/** Every string this module prints, from the message catalogue in the run's language. */
function progressMessages(tr: Tr) {
  return {
    notebook: (i: number, n: number, name: string) => `[${i}/${n}] ${name}`,
    elapsed: (time: string) => tr("progress.elapsed", { time }),
    courseEta: (time: string) => tr("progress.courseEta", { time }),
    courseEtaAtLeast: (time: string, untimed: number) => tr("progress.courseEtaAtLeast", { time, count: untimed }),
    noEta: tr("progress.noEta"),
    noEtaUntimed: (untimed: number) => tr("progress.noEtaUntimed", { count: untimed }),
    cell: (k: number, n: number) => tr("progress.cell", { k, n }),
    epoch: (epoch: number, epochs?: number) => (epochs ? tr("progress.epochOf", { epoch, epochs }) : tr("progress.epoch", { epoch })),
    batch: (batch: number, batches?: number) => (batches ? tr("progress.batchOf", { batch, batches }) : tr("progress.batch", { batch })),
    imagesPerSecond: (v: number) => tr("dashboard.imagesPerSecond", { rate: v >= 100 ? Math.round(v) : v.toPrecision(3) }),
    trainingEta: (time: string) => tr("dashboard.eta", { time }),
    separator: " | ",
  };
}

/** Where the progress goes: process.stdout, or a fake in tests. */
export interface ProgressOutput {
  write(text: string): unknown;
  /** A terminal: redraw one line in place. */
  isTTY?: boolean;
  /** Terminal width, to keep the line on one row. */
  columns?: number;
}

export interface ProgressArgs {
  /** Where lines go. Required. */
  out: ProgressOutput;
  /** Not on a terminal: least seconds between two progress lines (0: every update). Default 30. */
  everyS?: number;
  /** Clock in ms. Default Date.now. */
  clock?: () => number;
  /** The messages' language, as `translator(lang)`. Default: the user's (CNNLAB_LANG). */
  tr?: Tr;
}

/** "42 s", "3 min 5 s", "1 h 2 min". */
export function duration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  return s < 60 ? `${s} s` : s < 3600 ? `${Math.floor(s / 60)} min ${s % 60} s` : `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
}

interface NotebookPlan {
  name: string;
  /** Seconds the last run took, if it ran before. */
  expectedS?: number;
}

export class LiveProgress {
  private readonly out: ProgressOutput;
  private readonly everyS: number;
  private readonly clock: () => number;
  private readonly messages: ReturnType<typeof progressMessages>;
  private readonly tty: boolean;
  private plan: NotebookPlan[] = [];
  private courseStart = 0;
  private current = -1;
  private notebookStart = 0;
  private cell?: { codeNumber: number; codeCount: number };
  private training?: TrainingProgress;
  /** On a terminal: the live line is on screen and must be cleared before a permanent line. */
  private shown = false;
  private lastPrint = -Infinity;
  private timer: NodeJS.Timeout | null = null;

  constructor(args: ProgressArgs) {
    if (args.everyS !== undefined && !(Number.isFinite(args.everyS) && args.everyS >= 0)) {
      throw new Error(`progress: everyS must be a number of seconds >= 0, got ${args.everyS}`);
    }
    this.out = args.out;
    this.everyS = args.everyS ?? 30;
    this.clock = args.clock ?? Date.now;
    this.messages = progressMessages(args.tr ?? translator(currentLang()));
    this.tty = args.out.isTTY === true;
  }

  /** The course: the notebooks in run order, with the last run's seconds where known. */
  startCourse(plan: NotebookPlan[]): void {
    this.plan = plan;
    this.courseStart = this.clock();
    // The clock moves on while a cell without a dashboard runs: a terminal redraws every second,
    // elsewhere a line comes every everyS seconds.
    const periodS = this.tty ? 1 : this.everyS;
    if (periodS > 0) {
      this.timer = setInterval(() => this.update(), periodS * 1000);
      this.timer.unref();
    }
  }

  startNotebook(index: number): void {
    this.current = index;
    this.notebookStart = this.clock();
    this.cell = undefined;
    this.training = undefined;
  }

  startCell(codeNumber: number, codeCount: number): void {
    this.cell = { codeNumber, codeCount };
    this.training = undefined;
    this.update();
  }

  trainingProgress(p: TrainingProgress): void {
    this.training = p.done ? undefined : p;
    this.update();
  }

  /** A permanent line (a cell or notebook finished): printed above the live line. */
  log(line: string): void {
    this.clear();
    this.out.write(line + "\n");
    if (this.tty && this.current >= 0) this.draw();
  }

  finish(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.clear();
    this.current = -1;
  }

  /** Seconds the course has left by the last run's times, and how many notebooks have none. */
  private courseEta(): { seconds: number; untimed: number } {
    let seconds = 0;
    let untimed = 0;
    for (let k = Math.max(this.current, 0); k < this.plan.length; k++) {
      const expected = this.plan[k].expectedS;
      if (expected === undefined) untimed++;
      else seconds += k === this.current ? Math.max(0, expected - (this.clock() - this.notebookStart) / 1000) : expected;
    }
    return { seconds, untimed };
  }

  /** The live line, e.g. "[6/15] 06-lenet5-mnist | 4 min 2 s elapsed, course ETA 12 min 30 s | cell 7/16 | Training: epoch 2/20 batch 120/469 | 1880 img/s | ETA 8 min 3 s". */
  line(): string {
    const m = this.messages;
    const nb = this.plan[this.current];
    const parts: string[] = [];
    if (nb) parts.push(m.notebook(this.current + 1, this.plan.length, nb.name));
    const eta = this.courseEta();
    const elapsed = m.elapsed(duration((this.clock() - this.courseStart) / 1000));
    const everTimed = this.plan.some((p) => p.expectedS !== undefined);
    const etaText =
      eta.untimed === 0 ? m.courseEta(duration(eta.seconds))
      : !everTimed ? m.noEta
      : eta.seconds > 0 ? m.courseEtaAtLeast(duration(eta.seconds), eta.untimed)
      : m.noEtaUntimed(eta.untimed);
    parts.push(`${elapsed}, ${etaText}`);
    if (this.cell) parts.push(m.cell(this.cell.codeNumber, this.cell.codeCount));
    const t = this.training;
    if (t) {
      parts.push(`${t.title}: ${m.epoch(t.epoch, t.epochs)}${t.batch > 0 ? " " + m.batch(t.batch, t.batchesPerEpoch) : ""}`);
      if (t.imagesPerSecond !== undefined) parts.push(m.imagesPerSecond(t.imagesPerSecond));
      if (t.etaSeconds !== undefined) parts.push(m.trainingEta(duration(t.etaSeconds)));
    }
    return parts.join(m.separator);
  }

  private update(): void {
    if (this.current < 0) return;
    if (this.tty) return this.draw();
    const now = this.clock();
    if (now - this.lastPrint < this.everyS * 1000) return;
    this.lastPrint = now;
    this.out.write(this.line() + "\n");
  }

  private draw(): void {
    let line = this.line();
    const width = this.out.columns ?? 0;
    if (width > 1 && line.length > width - 1) line = line.slice(0, width - 2) + "…";
    this.out.write(`\r\x1b[2K${line}`);
    this.shown = true;
  }

  private clear(): void {
    if (!this.shown) return;
    this.out.write("\r\x1b[2K");
    this.shown = false;
  }
}
