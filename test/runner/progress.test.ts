/** The live progress line of `cnnlab run`: one line redrawn on a terminal, throttled plain lines elsewhere. */
import { translator } from "../../lib/i18n/t";
import { LiveProgress, duration } from "../../lib/runner/progress";

class FakeOut {
  text = "";
  constructor(readonly isTTY: boolean, readonly columns?: number) {}
  write(s: string): void {
    this.text += s;
  }
}

const training = { title: "LeNet-5", epoch: 2, epochs: 20, batch: 120, batchesPerEpoch: 469, imagesPerSecond: 1880.4, etaSeconds: 485, done: false };

describe("LiveProgress", () => {
  let now: number;
  const clock = () => now;
  beforeEach(() => (now = 1_000_000));

  it("on a terminal: redraws one line in place, and clears it before a permanent line", () => {
    const out = new FakeOut(true);
    const p = new LiveProgress({ out, clock });
    p.startCourse([{ name: "05-activations", expectedS: 60 }, { name: "06-lenet5-mnist", expectedS: 900 }]);
    p.startNotebook(1);
    now += 242_000;
    p.startCell(7, 16);
    p.trainingProgress(training);
    const frames = out.text.split("\r\x1b[2K").filter((f) => f !== "");
    expect(out.text).not.toContain("\n");
    expect(frames[frames.length - 1]).toBe(
      "[2/2] 06-lenet5-mnist | 4 min 2 s elapsed, course ETA 10 min 58 s | cell 7/16 | LeNet-5: epoch 2/20 batch 120/469 | 1880 img/s | ETA 8 min 5 s",
    );
    p.log("  [7/16] cell 12 ok 300.0s");
    expect(out.text).toMatch(/\r\x1b\[2K {2}\[7\/16\] cell 12 ok 300\.0s\n\r\x1b\[2K\[2\/2\] 06-lenet5-mnist/);
    p.finish();
    expect(out.text.endsWith("\r\x1b[2K")).toBe(true);
  });

  it("speaks the run's language (cnnlab run --lang pl): Polish words, plural forms, the same numbers", () => {
    const out = new FakeOut(false);
    const p = new LiveProgress({ out, clock, everyS: 0, tr: translator("pl") });
    p.startCourse([{ name: "05-activations" }, { name: "06-lenet5-mnist" }, { name: "07-alexnet" }]);
    p.startNotebook(1);
    now += 242_000;
    p.startCell(7, 16);
    p.trainingProgress(training);
    const lines = out.text.trim().split("\n");
    expect(lines[lines.length - 1]).toBe(
      "[2/3] 06-lenet5-mnist | upłynęło 4 min 2 s, brak prognozy dla kursu (pierwsze uruchomienie) | komórka 7/16 | LeNet-5: epoka 2/20 mini-batch 120/469 | 1880 obr./s | pozostało ok. 8 min 5 s",
    );
    p.finish();
  });

  it("on a terminal: cuts the line to the terminal's width", () => {
    const out = new FakeOut(true, 40);
    const p = new LiveProgress({ out, clock });
    p.startCourse([{ name: "06-lenet5-mnist" }]);
    p.startNotebook(0);
    p.trainingProgress(training);
    const last = out.text.split("\r\x1b[2K").filter((f) => f !== "").pop()!;
    expect(last.length).toBe(39);
    expect(last.endsWith("…")).toBe(true);
    p.finish();
  });

  it("not on a terminal: whole lines, at most one every everyS seconds", () => {
    const out = new FakeOut(false);
    const p = new LiveProgress({ out, clock, everyS: 10 });
    p.startCourse([{ name: "a" }, { name: "b", expectedS: 30 }]);
    p.startNotebook(0);
    p.startCell(1, 3);
    p.trainingProgress({ ...training, batch: 1 });
    now += 5_000;
    p.trainingProgress({ ...training, batch: 2 });
    now += 6_000;
    p.trainingProgress({ ...training, batch: 3 });
    p.finish();
    const lines = out.text.split("\n").filter((l) => l !== "");
    expect(lines).toEqual([
      "[1/2] a | 0 s elapsed, course ETA over 30 s (1 notebook not timed before) | cell 1/3",
      "[1/2] a | 11 s elapsed, course ETA over 30 s (1 notebook not timed before) | cell 1/3 | LeNet-5: epoch 2/20 batch 3/469 | 1880 img/s | ETA 8 min 5 s",
    ]);
    expect(out.text).not.toContain("\r");
  });

  it("says which notebooks were not timed when only they are left", () => {
    const out = new FakeOut(false);
    const p = new LiveProgress({ out, clock, everyS: 0 });
    p.startCourse([{ name: "a", expectedS: 5 }, { name: "b" }, { name: "c" }]);
    p.startNotebook(1);
    p.startCell(1, 1);
    p.finish();
    expect(out.text.trim()).toBe("[2/3] b | 0 s elapsed, no course ETA (2 notebooks not timed before) | cell 1/1");
  });

  it("drops the training part when the dashboard reports the end of training", () => {
    const out = new FakeOut(false);
    const p = new LiveProgress({ out, clock, everyS: 0 });
    p.startCourse([{ name: "a" }]);
    p.startNotebook(0);
    p.trainingProgress(training);
    p.trainingProgress({ ...training, done: true });
    p.finish();
    const lines = out.text.trim().split("\n");
    expect(lines[0]).toContain("LeNet-5: epoch 2/20");
    expect(lines[1]).toBe("[1/1] a | 0 s elapsed, no course ETA (first run)");
  });

  it("rejects a bad interval, naming it", () => {
    expect(() => new LiveProgress({ out: new FakeOut(false), everyS: -1 })).toThrow("progress: everyS must be a number of seconds >= 0, got -1");
  });

  it("formats durations", () => {
    expect([duration(0.4), duration(59), duration(61), duration(3725)]).toEqual(["0 s", "59 s", "1 min 1 s", "1 h 2 min"]);
  });
});
