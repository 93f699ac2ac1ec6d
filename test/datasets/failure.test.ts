/**
 * Why a download failed, as a notebook falling back to MNIST says it: no connection (a fetch that gets no
 * answer: here a port nobody listens on), an HTTP error (a real server answering 404), a checksum mismatch
 * naming the file (a served file with other digests), each also through cifar10()'s wrapping error; and
 * anything else by its first line, without folders.
 */
import * as fs from "fs";
import * as http from "http";
import { AddressInfo } from "net";
import * as path from "path";
import { datasets } from "../../lib";
import { tempDir } from "./fixtures";

const root = tempDir();
let server: http.Server;
let base = "";
let closedPort = 0;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    if (req.url === "/tiny.bin") res.writeHead(200).end("some bytes");
    else res.writeHead(404).end("not found");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // A port that was free a moment ago: nothing answers there, as when offline.
  const probe = http.createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  closedPort = (probe.address() as AddressInfo).port;
  await new Promise((resolve) => probe.close(resolve));
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  fs.rmSync(root, { recursive: true, force: true });
});

async function failureOf(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error("expected the promise to reject");
}

describe("downloadFailure", () => {
  it("no answer: offline, naming the host", async () => {
    const url = `http://127.0.0.1:${closedPort}/tiny.bin`;
    const e = await failureOf(datasets.downloadVerified({ name: "tiny.bin", url, checksums: {} }, path.join(root, "offline")));
    expect(datasets.downloadFailure(e)).toEqual({ kind: "offline", host: `127.0.0.1:${closedPort}` });
    expect(datasets.describeDownloadFailure(e, "en")).toBe(`no connection to 127.0.0.1:${closedPort}`);
    expect(datasets.describeDownloadFailure(e, "pl")).toBe(`brak połączenia z 127.0.0.1:${closedPort}`);
  });

  it("an HTTP error: the server's status", async () => {
    const e = await failureOf(datasets.downloadVerified({ name: "gone.bin", url: `${base}/gone.bin`, checksums: {} }, path.join(root, "404")));
    expect(datasets.downloadFailure(e)).toEqual({ kind: "server", host: base.replace("http://", ""), status: 404 });
    expect(datasets.describeDownloadFailure(e, "en")).toBe(`the server ${base.replace("http://", "")} answered HTTP 404`);
  });

  it("a checksum mismatch: names the file, without its URL or folder", async () => {
    const e = await failureOf(datasets.downloadVerified({ name: "tiny.bin", url: `${base}/tiny.bin`, checksums: { md5: "0".repeat(32) } }, path.join(root, "md5")));
    expect(datasets.downloadFailure(e)).toEqual({ kind: "checksum", file: "tiny.bin" });
    expect(datasets.describeDownloadFailure(e, "en")).toBe("checksum mismatch for tiny.bin");
    expect(datasets.describeDownloadFailure(e, "es")).toBe("la suma de comprobación de tiny.bin no coincide");
  });

  it("reads through cifar10()'s error, which carries the download's error as its cause", async () => {
    const offline: datasets.FetchFn = async () => {
      throw Object.assign(new TypeError("fetch failed"), { cause: { code: "ENOTFOUND" } });
    };
    const e1 = await failureOf(datasets.cifar10({ dir: path.join(root, "cifar-offline"), download: true, fetch: offline, progress: false }));
    expect((e1 as Error).message).toMatch(/could not download https:\/\/www\.cs\.toronto\.edu\/~kriz\/cifar-10-binary\.tar\.gz .*fetch failed \(ENOTFOUND\)/);
    expect(datasets.downloadFailure(e1)).toEqual({ kind: "offline", host: "www.cs.toronto.edu" });
    const wrongBytes: datasets.FetchFn = async () => new Response(new Uint8Array([1, 2, 3]));
    const e2 = await failureOf(datasets.cifar10({ dir: path.join(root, "cifar-md5"), download: true, fetch: wrongBytes, progress: false }));
    expect(datasets.downloadFailure(e2)).toEqual({ kind: "checksum", file: "cifar-10-binary.tar.gz" });
    const e3 = await failureOf(datasets.fashionMnist({ dir: path.join(root, "fashion-500"), download: true, fetch: async () => new Response("no", { status: 503, statusText: "Service Unavailable" }), progress: false }));
    expect(datasets.downloadFailure(e3)).toMatchObject({ kind: "server", status: 503 });
  });

  it("anything else: its first line, a path shortened to its last part", () => {
    const e = new Error(`cifar10: missing files in ${path.join(root, "nowhere", "cifar-10-batches-bin")}:\n  more`);
    expect(datasets.downloadFailure(e)).toEqual({ kind: "other", message: "cifar10: missing files in cifar-10-batches-bin:" });
    expect(datasets.describeDownloadFailure("plain text", "ru")).toBe("plain text");
  });
});
