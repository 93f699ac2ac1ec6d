/**
 * Downloads as a notebook's process makes them: a fresh `node` process loads cnnlab, calls `datasets.cifar10` /
 * `datasets.fashionMnist` with `download: true` and Node's real `fetch`, against a local HTTP server (named by
 * $CNNLAB_DATA_MIRROR) serving small files in the official formats; the cache is $CNNLAB_DATA in a temp folder.
 */
import { execFile, execFileSync } from "child_process";
import * as crypto from "crypto";
import * as fs from "fs";
import * as http from "http";
import type { AddressInfo } from "net";
import * as path from "path";
import { promisify } from "util";
import { datasets } from "../../lib";
import { cifarBatch, listFiles, tempDir, tinyIdxPair, writeFile } from "./fixtures";

const PACKAGE_ROOT = path.resolve(__dirname, "../..");
const root = tempDir("cnnlab-download-process-");
const served = new Map<string, Buffer>();
const requests: string[] = [];
let server: http.Server;
let mirror: string;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    requests.push(req.url ?? "");
    const body = served.get(req.url ?? "");
    if (!body) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "Content-Length": body.length, "Content-Type": "application/octet-stream" });
    // Two chunks, so the progress printer sees the download advance.
    res.write(body.subarray(0, body.length >> 1));
    setTimeout(() => res.end(body.subarray(body.length >> 1)), 20);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  mirror = `http://127.0.0.1:${(server.address() as AddressInfo).port}/data/`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  fs.rmSync(root, { recursive: true, force: true });
});

const md5 = (bytes: Uint8Array) => crypto.createHash("md5").update(bytes).digest("hex");

/** The CIFAR-10 archive in the official layout (cifar-10-batches-bin/, 5 train batches of 2 records, a test batch of 3), made by the system tar. */
function cifarArchive(): Buffer {
  const source = fs.mkdtempSync(path.join(root, "cifar-src-"));
  const bin = path.join(source, "cifar-10-batches-bin");
  fs.mkdirSync(bin);
  datasets.CIFAR10_TRAIN_FILES.forEach((f, b) => writeFile(bin, f, cifarBatch([b, 9 - b]).bytes));
  writeFile(bin, "test_batch.bin", cifarBatch([3, 3, 5]).bytes);
  writeFile(bin, "batches.meta.txt", Buffer.from(datasets.CIFAR10_CLASS_NAMES.join("\n") + "\n"));
  const file = path.join(root, `cifar-${crypto.randomUUID()}.tar.gz`);
  execFileSync("tar", ["czf", file, "-C", source, "cifar-10-batches-bin"]);
  return fs.readFileSync(file);
}

/** What the child process does: load the data set as a notebook cell would, and print what it got. */
const CHILD = `
const { datasets } = require(${JSON.stringify(PACKAGE_ROOT)});
const [which, json] = process.argv.slice(1);
const load = which === "cifar10" ? datasets.cifar10 : datasets.fashionMnist;
load({ download: true, ...JSON.parse(json) }).then((s) => {
  const [h, w, c] = s.train.imageShape;
  const pixels = Array.from(s.train.pixels.slice(h * w * c, h * w * c + 4));   // image 1's first bytes
  console.log("RESULT " + JSON.stringify({ train: s.train.size, test: s.test.size, labels: Array.from(s.train.labels), testLabels: Array.from(s.test.labels), pixels, classes: s.train.classNames.length }));
}, (e) => { console.error(e.message); process.exit(3); });
`;

interface ChildRun { code: number; stdout: string; stderr: string; result?: Record<string, unknown> }

/** Runs the child in a fresh process with its own cache folder, `CNNLAB_DATA_MIRROR` set to `mirrorUrl`. */
async function runChild(which: "cifar10" | "fashionMnist", cache: string, args: Record<string, unknown>, mirrorUrl = mirror): Promise<ChildRun> {
  const env = { ...process.env, CNNLAB_DATA: cache, CNNLAB_DATA_MIRROR: mirrorUrl };
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ["-e", CHILD, which, JSON.stringify(args)], { env, cwd: root, timeout: 120_000 });
    const line = stdout.split("\n").find((l) => l.startsWith("RESULT "));
    return { code: 0, stdout, stderr, result: line ? JSON.parse(line.slice(7)) : undefined };
  } catch (e) {
    const err = e as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof err.code === "number" ? err.code : -1, stdout: err.stdout ?? "", stderr: err.stderr ?? String(e) };
  }
}

describe("CIFAR-10 download in a fresh process (real fetch, local HTTP mirror)", () => {
  const archive = cifarArchive();
  beforeAll(() => served.set("/data/cifar-10-binary.tar.gz", archive));

  it("downloads with a progress bar, verifies the MD5, unpacks into the cache and reads the batches", async () => {
    const cache = path.join(root, "cache-ok");
    const before = requests.length;
    const run = await runChild("cifar10", cache, { checksums: { "cifar-10-binary.tar.gz": { md5: md5(archive) } } });
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^cifar-10-binary\.tar\.gz: 0% of \d+\.\d MB$/m);
    expect(run.stdout).toMatch(/^cifar-10-binary\.tar\.gz: 100% of \d+\.\d MB$/m);
    expect(requests.slice(before)).toEqual(["/data/cifar-10-binary.tar.gz"]);
    // Train: batch b holds labels [b, 9 − b]; test: [3, 3, 5]. Record 1 of batch 1, pixel (0, 0): channels (1 + c) / 255.
    expect(run.result).toMatchObject({ train: 10, test: 3, labels: [0, 9, 1, 8, 2, 7, 3, 6, 4, 5], testLabels: [3, 3, 5], classes: 10 });
    expect(run.result!.pixels).toEqual([1, 2, 3, 4]);
    expect(listFiles(path.join(cache, "cifar-10"))).toEqual([
      "cifar-10-batches-bin", ...["batches.meta.txt", ...datasets.CIFAR10_TRAIN_FILES, "test_batch.bin"].map((f) => path.join("cifar-10-batches-bin", f)), "cifar-10-binary.tar.gz",
    ].sort());
  }, 180_000);

  it("a second process reads the cache: no request, no progress line", async () => {
    const cache = path.join(root, "cache-ok");
    const before = requests.length;
    const run = await runChild("cifar10", cache, { checksums: { "cifar-10-binary.tar.gz": { md5: md5(archive) } } });
    expect(run.code).toBe(0);
    expect(requests.slice(before)).toEqual([]);
    expect(run.stdout).not.toMatch(/% of/);
    expect(run.result).toMatchObject({ train: 10, test: 3 });
  }, 180_000);

  it("an archive whose MD5 is not the pinned one: a clear error naming file, URL and both digests; nothing left in the cache", async () => {
    const cache = path.join(root, "cache-bad");
    const run = await runChild("cifar10", cache, {});
    expect(run.code).toBe(3);
    expect(run.stderr).toContain(`checksum mismatch for cifar-10-binary.tar.gz downloaded from ${mirror}cifar-10-binary.tar.gz: md5 is ${md5(archive)}, expected c32a1d4ab5d03f1284b67883e8d87530`);
    expect(listFiles(cache)).toEqual([]);
  }, 180_000);

  it("a mirror that is not an http(s) URL fails fast, naming $CNNLAB_DATA_MIRROR", async () => {
    const cache = path.join(root, "cache-bad-mirror");
    const before = requests.length;
    const run = await runChild("cifar10", cache, {}, "ftp://example.org/data");
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('$CNNLAB_DATA_MIRROR must be an http(s) URL of a folder holding the data files, got "ftp://example.org/data"');
    expect(requests.slice(before)).toEqual([]);
    expect(listFiles(cache)).toEqual([]);
  }, 180_000);
});

describe("Fashion-MNIST download in a fresh process (real fetch, local HTTP mirror)", () => {
  const train = tinyIdxPair(7, 28, 28, [0, 1, 2, 3, 4, 5, 6]);
  const test = tinyIdxPair(3, 28, 28, [9, 8, 7]);
  const gz = (b: Buffer) => require("zlib").gzipSync(b) as Buffer;
  const files: Record<string, Buffer> = {
    "train-images-idx3-ubyte.gz": gz(train.images), "train-labels-idx1-ubyte.gz": gz(train.labels),
    "t10k-images-idx3-ubyte.gz": gz(test.images), "t10k-labels-idx1-ubyte.gz": gz(test.labels),
  };
  beforeAll(() => Object.entries(files).forEach(([name, bytes]) => served.set(`/data/${name}`, bytes)));
  const checksums = Object.fromEntries(Object.entries(files).map(([name, bytes]) => [name, { md5: md5(bytes) }]));

  it("downloads the four files with progress, verifies them and reads them", async () => {
    const cache = path.join(root, "fashion-ok");
    const run = await runChild("fashionMnist", cache, { checksums });
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    for (const name of Object.keys(files)) expect(run.stdout).toMatch(new RegExp(`^${name.replace(/\./g, "\\.")}: 100% of`, "m"));
    expect(run.result).toMatchObject({ train: 7, test: 3, labels: [0, 1, 2, 3, 4, 5, 6], testLabels: [9, 8, 7], classes: 10 });
    expect(run.result!.pixels).toEqual([0, 1, 2, 3].map((j) => train.pixel(1, 0, j)));
    expect(listFiles(path.join(cache, "fashion-mnist"))).toEqual(Object.keys(files).sort());
  }, 180_000);

  it("a file whose MD5 is not the pinned one: the error names it and its URL; nothing half-written in the cache", async () => {
    const cache = path.join(root, "fashion-bad");
    const run = await runChild("fashionMnist", cache, {});
    expect(run.code).toBe(3);
    expect(run.stderr).toContain(`checksum mismatch for train-images-idx3-ubyte.gz downloaded from ${mirror}train-images-idx3-ubyte.gz: md5 is ${md5(files["train-images-idx3-ubyte.gz"])}, expected 8d4fb7e6c68d591d4c3dfef9ec88bf0d`);
    expect(listFiles(cache).filter((f) => !f.endsWith("fashion-mnist"))).toEqual([]);
  }, 180_000);
});
