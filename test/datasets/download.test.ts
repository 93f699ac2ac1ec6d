import * as crypto from "crypto";
import * as fs from "fs";
import * as http from "http";
import { AddressInfo } from "net";
import * as path from "path";
import * as zlib from "zlib";
import { datasets } from "../../lib";
import { listFiles, tempDir, tinyIdxPair, writeFile } from "./fixtures";

const root = tempDir();
const served = new Map<string, Buffer>([["/tiny.bin", Buffer.from("forty-two bytes of perfectly ordinary data")]]);
let server: http.Server;
let base = "";

// A real HTTP server on 127.0.0.1, so the download path runs through Node's global fetch.
beforeAll(async () => {
  server = http.createServer((req, res) => {
    const body = served.get(req.url ?? "");
    if (body) res.writeHead(200, { "content-length": body.length }).end(body);
    else res.writeHead(404).end("not found");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  fs.rmSync(root, { recursive: true, force: true });
});

const sha256 = (b: Uint8Array) => crypto.createHash("sha256").update(b).digest("hex");
const md5 = (b: Uint8Array) => crypto.createHash("md5").update(b).digest("hex");

describe("downloadVerified", () => {
  const tiny = served.get("/tiny.bin") as Buffer;

  it("writes the file under its name when SHA-256 and MD5 match, leaving no temporary file", async () => {
    const dir = path.join(root, "ok");
    const file = await datasets.downloadVerified({ name: "tiny.bin", url: `${base}/tiny.bin`, checksums: { sha256: sha256(tiny), md5: md5(tiny) } }, dir);
    expect(file).toBe(path.join(dir, "tiny.bin"));
    expect(fs.readFileSync(file)).toEqual(tiny);
    expect(listFiles(dir)).toEqual(["tiny.bin"]);
  });

  it.each<[string, datasets.Checksums]>([
    ["sha256", { sha256: "0".repeat(64) }],
    ["md5", { md5: "f".repeat(32) }],
  ])("rejects a %s mismatch, naming file, URL and both digests, and writes nothing", async (algorithm, checksums) => {
    const dir = path.join(root, `bad-${algorithm}`);
    const url = `${base}/tiny.bin`;
    const got = algorithm === "md5" ? md5(tiny) : sha256(tiny);
    await expect(datasets.downloadVerified({ name: "tiny.bin", url, checksums }, dir)).rejects.toThrow(
      `checksum mismatch for tiny.bin downloaded from ${url}: ${algorithm} is ${got}, expected ${checksums[algorithm as keyof datasets.Checksums]}`,
    );
    expect(listFiles(dir)).toEqual([]);
  });

  it("reports an HTTP error with the URL and the destination", async () => {
    const dir = path.join(root, "404");
    const url = `${base}/missing.bin`;
    await expect(datasets.downloadVerified({ name: "missing.bin", url, checksums: {} }, dir)).rejects.toThrow(
      `could not download ${url} to ${path.join(dir, "missing.bin")}: HTTP 404 Not Found`,
    );
    expect(listFiles(dir)).toEqual([]);
  });
});

describe("download progress", () => {
  it("downloadVerified tells onProgress the bytes received and the Content-Length, ending at the total", async () => {
    const tiny = served.get("/tiny.bin") as Buffer;
    const calls: [number, number | undefined][] = [];
    await datasets.downloadVerified({ name: "tiny.bin", url: `${base}/tiny.bin`, checksums: { md5: md5(tiny) } }, path.join(root, "progress"), undefined, (r, t) => calls.push([r, t]));
    expect(calls[0]).toEqual([0, tiny.length]);
    expect(calls[calls.length - 1]).toEqual([tiny.length, tiny.length]);
    for (let i = 1; i < calls.length; i++) expect(calls[i][0]).toBeGreaterThanOrEqual(calls[i - 1][0]);
  });

  it("progressPrinter prints the start and each further tenth once; without a size, every 10 MB", () => {
    const lines: string[] = [];
    const MB = 1024 * 1024;
    const p = datasets.progressPrinter("data.tar.gz", (l) => lines.push(l));
    for (const r of [0, 1 * MB, 3 * MB, 3.5 * MB, 10 * MB, 20 * MB]) p(r, 20 * MB);
    expect(lines).toEqual(["data.tar.gz: 0% of 20.0 MB", "data.tar.gz: 10% of 20.0 MB", "data.tar.gz: 50% of 20.0 MB", "data.tar.gz: 100% of 20.0 MB"]);
    const unknown: string[] = [];
    const q = datasets.progressPrinter("x", (l) => unknown.push(l));
    for (const r of [0, 5 * MB, 12 * MB, 15 * MB]) q(r, undefined);
    expect(unknown).toEqual(["x: 0.0 MB", "x: 12.0 MB"]);
  });
});

describe("fashionMnist", () => {
  const names = ["train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"];
  const train = tinyIdxPair(6, 28, 28, [0, 1, 2, 3, 4, 9]);
  const test = tinyIdxPair(2, 28, 28, [5, 8]);
  const contents = [train.images, train.labels, test.images, test.labels];

  it("reads the four gunzipped files from a folder, with the clothing class names", async () => {
    const dir = path.join(root, "fashion");
    fs.mkdirSync(dir);
    // gunzipped names are checked by structure only (the pinned MD5s are of the official .gz files)
    names.forEach((n, k) => writeFile(dir, n, contents[k]));
    const sets = await datasets.fashionMnist({ dir });
    expect([sets.train.size, sets.test.size]).toEqual([6, 2]);
    expect(Array.from(sets.test.labels)).toEqual([5, 8]);
    expect(sets.test.classNames[sets.test.labels[1]]).toBe("Bag");
    expect(sets.train.pixels[784 + 28 * 3 + 4]).toBe(train.pixel(1, 3, 4));
  });

  it("offline without download: lists every missing file with its path and official URL", async () => {
    const dir = path.join(root, "no-fashion");
    const error = datasets.fashionMnist({ dir });
    await expect(error).rejects.toThrow(`fashionMnist: missing files in ${dir} (the folder does not exist)`);
    for (const n of names) {
      await expect(datasets.fashionMnist({ dir })).rejects.toThrow(`${path.join(dir, n + ".gz")}   <- http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/${n}.gz`);
    }
  });

  it("download: true verifies each file against the pinned MD5: a mismatch names the file and leaves nothing behind", async () => {
    const dir = path.join(root, "fashion-mismatch");
    const fetch: datasets.FetchFn = async (url) => new Response(zlib.gzipSync(contents[names.findIndex((n) => url.endsWith(`/${n}.gz`))]));
    const result = datasets.fashionMnist({ dir, download: true, fetch });
    await expect(result).rejects.toThrow(/The download failed: checksum mismatch for train-images-idx3-ubyte.gz downloaded from .*: md5 is [0-9a-f]{32}, expected 8d4fb7e6c68d591d4c3dfef9ec88bf0d/);
    expect(listFiles(dir)).toEqual([]);
  });

  it("download: true with matching digests fetches the .gz files into the folder and reads them", async () => {
    const dir = path.join(root, "fashion-download");
    const gz = contents.map((c) => zlib.gzipSync(c));
    const checksums = Object.fromEntries(names.map((n, k) => [`${n}.gz`, { md5: md5(gz[k]) }]));
    const fetch: datasets.FetchFn = async (url) => new Response(gz[names.findIndex((n) => url.endsWith(`/${n}.gz`))]);
    const sets = await datasets.fashionMnist({ dir, download: true, fetch, checksums });
    expect([sets.train.size, sets.test.size]).toEqual([6, 2]);
    expect(listFiles(dir)).toEqual(names.map((n) => `${n}.gz`).sort());
  });

  it("offline with download: true says which files to put where", async () => {
    const dir = path.join(root, "fashion-offline");
    const fetch: datasets.FetchFn = async () => {
      throw new Error("getaddrinfo ENOTFOUND fashion-mnist.s3-website.eu-central-1.amazonaws.com");
    };
    const result = datasets.fashionMnist({ dir, download: true, fetch });
    await expect(result).rejects.toThrow(/The download failed: could not download .*ENOTFOUND/);
    await expect(datasets.fashionMnist({ dir, download: true, fetch })).rejects.toThrow(`${path.join(dir, "t10k-labels-idx1-ubyte.gz")}   <- http://`);
  });
});
