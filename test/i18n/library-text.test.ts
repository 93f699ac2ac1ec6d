/**
 * What the library itself prints in a notebook, in the kernel's language (CNNLAB_LANG): a data set's
 * one-line summary, the training log lines of logEpochs and the download progress lines.
 */
import * as util from "util";
import { ImageSet } from "../../lib/datasets/image-set";
import { progressPrinter } from "../../lib/datasets/download";
import { logEpochs, type EpochLogs } from "../../lib/train/callbacks";

const saved = process.env.CNNLAB_LANG;
afterEach(() => {
  if (saved === undefined) delete process.env.CNNLAB_LANG;
  else process.env.CNNLAB_LANG = saved;
});

const set = (n: number, classes: string[]) =>
  new ImageSet({ pixels: new Uint8Array(n * 4), labels: Int32Array.from({ length: n }, (_, k) => k % classes.length), imageShape: [2, 2, 1], classNames: classes, source: "tiny" });

describe("ImageSet's summary (String(set), console.log(set))", () => {
  it.each([
    ["en", 3, ["a", "b", "c"], "ImageSet(3 images of 2x2x1, 3 classes: a, b, c; from tiny)"],
    ["pl", 3, ["a", "b", "c"], "ImageSet(3 obrazy 2x2x1, 3 klasy: a, b, c; źródło: tiny)"],
    ["pl", 5, ["a", "b", "c", "d", "e"], "ImageSet(5 obrazów 2x2x1, 5 klas: a, b, c, d, e; źródło: tiny)"],
    ["cs", 1, ["a"], "ImageSet(1 obrázek 2x2x1, 1 třída: a; zdroj: tiny)"],
    ["ru", 2, ["a", "b"], "ImageSet(2 изображения 2x2x1, 2 класса: a, b; источник: tiny)"],
    ["es", 4, ["a", "b"], "ImageSet(4 imágenes de 2x2x1, 2 clases: a, b; origen: tiny)"],
  ])("%s, %d images: %j", (lang, n, classes, line) => {
    process.env.CNNLAB_LANG = lang;
    expect(String(set(n, classes))).toBe(line);
    expect(util.inspect({ set: set(n, classes) })).toContain(line);
  });
});

describe("logEpochs", () => {
  const logs: EpochLogs = { epoch: 1, loss: 0.25, accuracy: 0.9, valLoss: 0.3, valAccuracy: 0.875, learningRate: 0.01, imagesPerSecond: 1234.4, seconds: 2.5, images: 100, complete: true };
  const lineOf = (l: EpochLogs) => {
    const lines: string[] = [];
    logEpochs((line) => lines.push(line)).onEpochEnd?.(l.epoch, l, { stop: () => undefined } as never);
    return lines;
  };

  it.each([
    ["en", "epoch 2: loss 0.2500 acc 0.9000 val_loss 0.3000 val_acc 0.8750 lr 0.0100 1234 img/s 2.5 s", "epoch 2 (stopped): loss 0.2500 acc 0.9000 val_loss – val_acc – lr 0.0100 1234 img/s 2.5 s"],
    ["sk", "epocha 2: strata 0.2500 acc 0.9000 val_loss 0.3000 val_acc 0.8750 lr 0.0100 1234 obr./s 2.5 s", "epocha 2 (zastavená): strata 0.2500 acc 0.9000 val_loss – val_acc – lr 0.0100 1234 obr./s 2.5 s"],
    ["ru", "эпоха 2: функция потерь 0.2500 acc 0.9000 val_loss 0.3000 val_acc 0.8750 lr 0.0100 1234 изобр./с 2.5 с", "эпоха 2 (остановлена): функция потерь 0.2500 acc 0.9000 val_loss – val_acc – lr 0.0100 1234 изобр./с 2.5 с"],
  ])("%s: a complete and a stopped epoch", (lang, complete, stopped) => {
    process.env.CNNLAB_LANG = lang;
    expect(lineOf(logs)).toEqual([complete]);
    expect(lineOf({ ...logs, valLoss: undefined, valAccuracy: undefined, complete: false })).toEqual([stopped]);
  });
});

describe("progressPrinter (dataset downloads)", () => {
  it.each([
    ["en", "data.tar.gz: 0% of 20.0 MB", "data.tar.gz: 50% of 20.0 MB", "x: 10.0 MB"],
    ["pl", "data.tar.gz: 0% z 20.0 MB", "data.tar.gz: 50% z 20.0 MB", "x: 10.0 MB"],
    ["ru", "data.tar.gz: 0% из 20.0 МБ", "data.tar.gz: 50% из 20.0 МБ", "x: 10.0 МБ"],
  ])("%s", (lang, start, half, unsized) => {
    process.env.CNNLAB_LANG = lang;
    const MB = 1024 * 1024;
    const lines: string[] = [];
    const p = progressPrinter("data.tar.gz", (l) => lines.push(l));
    p(0, 20 * MB);
    p(10 * MB, 20 * MB);
    expect(lines).toEqual([start, half]);
    const unknown: string[] = [];
    progressPrinter("x", (l) => unknown.push(l))(10 * MB, undefined);
    expect(unknown).toEqual([unsized]);
  });
});
