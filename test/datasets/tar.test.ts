import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { readTar } from "../../lib/datasets/tar";
import { tempDir } from "./fixtures";

const dir = tempDir();
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

// A member deeper than tar's 100-byte name field, so ustar must use its prefix field.
const deep = path.join("cifar-10-batches-bin", "a".repeat(60), "b".repeat(60), "deep.bin");
const files: Record<string, Buffer> = {
  "cifar-10-batches-bin/test_batch.bin": Buffer.from("x".repeat(1000)), // spans two 512-byte blocks
  "cifar-10-batches-bin/empty.txt": Buffer.alloc(0),
  [deep]: Buffer.from("deep"),
};
for (const [name, data] of Object.entries(files)) {
  fs.mkdirSync(path.join(dir, "src", path.dirname(name)), { recursive: true });
  fs.writeFileSync(path.join(dir, "src", name), data);
}

describe("readTar (against archives written by the system tar)", () => {
  it.each(["ustar", "posix", "gnu"])("reads every regular file of a %s archive, long names included", (format) => {
    const archive = path.join(dir, `${format}.tar`);
    execFileSync("tar", ["cf", archive, `--format=${format}`, "-C", path.join(dir, "src"), "cifar-10-batches-bin"]);
    const members = new Map(readTar(fs.readFileSync(archive), archive).map((m) => [m.name, Buffer.from(m.data)]));
    for (const [name, data] of Object.entries(files)) expect(members.get(name)).toEqual(data);
  });

  it("says where an archive is truncated", () => {
    const archive = path.join(dir, "gnu.tar");
    execFileSync("tar", ["cf", archive, "--format=gnu", "-C", path.join(dir, "src"), "cifar-10-batches-bin/test_batch.bin"]);
    const bytes = fs.readFileSync(archive);
    expect(readTar(bytes, archive).map((m) => [m.name, m.data.length])).toEqual([["cifar-10-batches-bin/test_batch.bin", 1000]]);
    expect(() => readTar(bytes.subarray(0, 1024), archive)).toThrow(`tar archive ${archive}: truncated inside member cifar-10-batches-bin/test_batch.bin`);
  });
});
