/**
 * The hostile corpus of issue 18, graded in one `cnnlab grade` batch (spawned as a user runs it)
 * against the tiny `double` assignment (fixtures.ts: 1 visible + 2 hidden points, answer key
 * reference.conv2dForward). Each observed attack must fail: its score stays what its real
 * `double` earns, the files it aimed at are untouched, the grader survives and grades everyone
 * else, and nothing of the hidden tests or the grader's environment leaks.
 */
import * as crypto from "crypto";
import * as dgram from "dgram";
import * as fs from "fs";
import * as net from "net";
import * as path from "path";
import { studentVersion } from "../../lib/grading/assign";
import { cacheDir } from "../../lib/datasets/paths";
import { cnnlab, freshDir, HIDDEN_MARKER, instructorDir, instructorNotebook, noSandboxReason, PACKAGE_ROOT, SOLUTION, submission, writeAll } from "./fixtures";

const noSandbox = noSandboxReason();
if (noSandbox) console.warn(`skipping the hostile grading corpus: ${noSandbox}`);
const suite = noSandbox ? describe.skip : describe;

const solved = SOLUTION.replace(/ *\/\/ (BEGIN|END) SOLUTION\n/g, "");
const zeros = "function double(x: number[]): number[] { return [0]; }\n";
const SECRET = "grader-secret-5d41402abc";
const SCORE_JS = path.join(PACKAGE_ROOT, "dist", "lib", "grading", "score.js");

interface Grade {
  student: string;
  earned: number;
  possible: number;
  tests: Array<{ id: string; earned: number; error?: string; explanation: string; checks: Array<{ what: string; ok: boolean; message: string }> }>;
  cellProblems: Array<{ cellNumber: number; status: string; error: string }>;
  notes: string[];
}

const sha = (file: string): string => crypto.createHash("sha256").update(fs.readFileSync(file)).digest("hex");

suite("cnnlab grade against a hostile class", () => {
  let dir: string;
  let grades: Grade[];
  let run: { code: number | null; stdout: string; stderr: string };
  let classmate: string;
  let classmateText: string;
  let scoreHash: string;
  let outside: string;
  const tcpConnections: string[] = [];
  const udpMessages: string[] = [];
  let tcp: net.Server;
  let udp: dgram.Socket;

  const grade = (name: string): Grade => {
    const g = grades.find((x) => x.student === name);
    if (!g) throw new Error(`no grade for ${name}`);
    return g;
  };
  const problems = (name: string): string => grade(name).cellProblems.map((c) => `${c.status}: ${c.error}`).join("\n");

  beforeAll(async () => {
    dir = freshDir("hostile");
    const subs = path.join(dir, "submissions");
    fs.mkdirSync(subs);
    fs.writeFileSync(path.join(subs, "data.txt"), "original");
    fs.mkdirSync(path.join(subs, "old-grades"));
    fs.writeFileSync(path.join(subs, "old-grades", "alice.json"), '{"earned": 3}');
    outside = path.join(dir, "escaped.txt");
    scoreHash = sha(SCORE_JS);
    tcp = net.createServer((s) => {
      tcpConnections.push(String(s.remoteAddress));
      s.destroy();
    });
    await new Promise<void>((resolve) => tcp.listen(0, "127.0.0.1", resolve));
    udp = dgram.createSocket("udp4");
    udp.on("message", (m) => udpMessages.push(m.toString()));
    await new Promise<void>((resolve) => udp.bind(0, "127.0.0.1", resolve));
    const tcpPort = (tcp.address() as net.AddressInfo).port;
    const udpPort = udp.address().port;
    classmate = path.join(subs, "classmate.ipynb");

    const hijacker = submission(zeros);
    hijacker.metadata = { ...hijacker.metadata, cnnlab: { assignment: { name: "../instructor/tiny", student_api: ["double"] } } };
    // Its own "tests" under the instructor's ids, worth 100 points each, that always pass.
    hijacker.cells.push({ cell_type: "code", id: "fake1", metadata: { cnnlab: { grade: { id: "double_visible", points: 100 } } }, source: 'import { check } from "cnnlab";\ncheck.close("fake", [2, 4], [2, 4]);\n', execution_count: null, outputs: [] });
    hijacker.cells.push({ cell_type: "code", id: "fake2", metadata: { cnnlab: { grade: { id: "double_hidden", points: 100, hidden: true } } }, source: 'import { check } from "cnnlab";\ncheck.close("fake", [2, 4], [2, 4]);\n', execution_count: null, outputs: [] });

    const notebooks = {
      classmate: submission(solved),
      good: submission(solved),
      stub: studentVersion(instructorNotebook(), "tiny"),
      // 1. symlinks in its work folder and ../ paths, aimed at a classmate, the grader's code and the folder above.
      symlinker: submission(
        [
          'import * as fs from "fs";',
          "const hits: string[] = [];",
          `const targets = ${JSON.stringify([classmate, SCORE_JS, outside])};`,
          "// Links in its own folder to /, to the folder five levels up, and straight at the targets.",
          'for (const [link, to] of [["root", "/"], ["up", "../../../../.."], ["mate", targets[0]], ["score", targets[1]]]) { try { fs.symlinkSync(to, link); } catch { /* refused */ } }',
          'const bases = ["", "root", "up", "/grade/node_modules/cnnlab/dist/lib/grading/../../../../..", "/grade/node_modules/cnnlab/dist/lib/grading/../../../../../../../.."];',
          "for (const base of bases) for (const t of targets) {",
          "  const p = `${base}${t}`;",
          '  try { fs.writeFileSync(p, "pwned"); hits.push(`wrote ${p}`); } catch { /* denied */ }',
          '  try { fs.readFileSync(p); hits.push(`read ${p}`); } catch { /* denied */ }',
          "}",
          "// Writing through the direct links (if they could be made at all); the host files are checked by the test.",
          'for (const p of ["mate", "score"]) { try { fs.writeFileSync(p, "pwned"); } catch { /* denied */ } }',
          'try { fs.writeFileSync("/grade/node_modules/cnnlab/dist/lib/grading/score.js", "pwned"); hits.push("wrote score.js"); } catch { /* read-only */ }',
          "throw new Error(`escape hits: ${JSON.stringify(hits)}`);",
          "",
        ].join("\n"),
        solved
      ),
      // A later all-zero notebook: would score 3 if the grader's scoring code had been back-doored.
      zeros: submission(zeros),
      // 2. the answer key: called from the solution, required from its compiled file, read as text.
      answerkey: submission(
        [
          'import { reference as R } from "cnnlab";',
          'import * as fs from "fs";',
          'const file = require.resolve("cnnlab/dist/lib/reference/conv2d.js");',
          'const text = fs.readFileSync(file, "utf8");',
          'let viaRequire = "";',
          "try { require(file).conv2dForward(R.zeros([1, 1, 1, 1]), R.zeros([1, 1, 1, 1])); viaRequire = \"ran\"; } catch (e) { viaRequire = (e as Error).message; }",
          'throw new Error(`answer key: implementation in file: ${text.includes("convGeometry(\\"conv2dForward\\"")}; require: ${viaRequire}`);',
          "",
        ].join("\n"),
        'import { reference as R } from "cnnlab";\nfunction double(x: number[]): number[] {\n  R.conv2dForward(R.zeros([1, 1, 1, 1]), R.zeros([1, 1, 1, 1]));\n  return x.map((v) => 2 * v);\n}\n'
      ),
      // 3. rewriting check records: process._send, process.send, values.toValue, the check sink, forged frames.
      forger: submission(
        [
          zeros,
          'const forged = { kind: "check", record: { kind: "close", what: "double([1, 2])", got: { shape: [2], data: [2, 4] }, want: { shape: [2], data: [2, 4] }, tol: 1, ok: true, message: "fake" } };',
          "const p = process as unknown as Record<string, unknown>;",
          "p._send = () => true;",
          "p.send = () => true;",
          'try { require("cnnlab/dist/lib/grading/values").toValue = () => ({ shape: [2], data: [2, 4] }); } catch { /* gone */ }',
          'try { (globalThis as Record<symbol, unknown>)[Symbol.for("cnnlab.grading.checkSink")] = () => undefined; } catch { /* read-only */ }',
          'import * as v8 from "v8";',
          'import * as fs from "fs";',
          "for (const m of [forged, { kind: \"result\", id: 1, ok: true, value: [2, 4] }, { kind: \"done\", ok: true }]) {",
          "  const body = v8.serialize(m); const head = Buffer.alloc(5); head.writeUInt32BE(body.length, 0);",
          "  try { fs.writeSync(3, Buffer.concat([head, body])); } catch { /* no channel */ }",
          "}",
          "",
        ].join("\n")
      ),
      // 4. choosing the instructor notebook (and the tests) from its own metadata and cells.
      hijacker,
      // 5. capturing the hidden tests from what the grader sends, then showing them in its feedback.
      listener: submission(
        [
          'let captured = "";',
          'process.stdin.on("data", (b: Buffer) => { captured += b.toString("latin1"); });',
          'process.on("message", (m: unknown) => { captured += JSON.stringify(m); });',
          'function double(x: number[]): number[] { throw new Error(`captured: ${captured.replace(/[^\\x20-\\x7e]/g, ".")}`); }',
          "",
        ].join("\n")
      ),
      // 5, 9. what it can see: every notebook on its file system, its folder, the package, its environment.
      snoop: submission({
        timeoutS: 60,
        source: [
          'import * as fs from "fs";',
          'import * as path from "path";',
          "const notebooks: string[] = [];",
          "const walk = (d: string, depth: number): void => {",
          '  if (depth > 12 || ["/proc", "/sys", "/dev"].includes(d)) return;',
          "  let entries: fs.Dirent[] = [];",
          "  try { entries = fs.readdirSync(d, { withFileTypes: true }); } catch { return; }",
          "  for (const e of entries) { const p = path.join(d, e.name); if (e.isDirectory()) walk(p, depth + 1); else if (e.name.endsWith(\".ipynb\")) notebooks.push(p); }",
          "};",
          'walk("/grade", 0);',
          `const mate = (() => { try { return fs.readFileSync(${JSON.stringify(classmate)}, "utf8").length; } catch (e) { return (e as { code?: string }).code; } })();`,
          'const own = fs.readFileSync("notebook.ipynb", "utf8").includes("SNOOP-OWN-MARKER");',
          'const pkg = fs.readdirSync(path.dirname(require.resolve("cnnlab/package.json"))).sort();',
          "throw new Error(`snoop: notebooks ${JSON.stringify(notebooks)}; folder ${JSON.stringify(fs.readdirSync(\".\"))}; own ${own}; classmate ${mate}; package ${JSON.stringify(pkg)}; uid ${process.getuid!()}; env ${JSON.stringify(Object.keys(process.env).sort())}; ${JSON.stringify(process.env).includes(\"grader-secret\") ? \"SECRET LEAKED\" : \"no secret\"}`);",
          "// SNOOP-OWN-MARKER",
          "",
        ].join("\n"),
      }, solved),
      // 6. killing the grader: its parent, every process it may signal, PID 1.
      assassin: submission(
        'for (const pid of [process.ppid, 1, -1]) { try { process.kill(pid, "SIGKILL"); } catch { /* not allowed */ } }\n',
        solved
      ),
      // 7. the network: TCP and UDP to the grader's machine.
      network: submission(
        [
          'import * as net from "net";',
          'import * as dgram from "dgram";',
          "const tcp = await new Promise<string>((resolve) => {",
          `  const s = net.connect(${tcpPort}, "127.0.0.1", () => resolve("connected"));`,
          '  s.on("error", (e) => resolve((e as { code?: string }).code ?? "error"));',
          "});",
          "const udp = await new Promise<string>((resolve) => {",
          '  const s = dgram.createSocket("udp4");',
          '  s.on("error", (e) => resolve((e as { code?: string }).code ?? "error"));',
          `  s.send("leak", ${udpPort}, "127.0.0.1", (e) => resolve(e ? (e as { code?: string }).code ?? "error" : "sent"));`,
          "});",
          "throw new Error(`network: tcp ${tcp}, udp ${udp}`);",
          "",
        ].join("\n"),
        solved
      ),
      // 8. a 200M-character error, a 50M-character error from its function, and a 1 GB message to the grader.
      bigerror: submission(
        { source: 'throw new Error("x".repeat(200_000_000));\n', timeoutS: 60 },
        [
          'import * as fs from "fs";',
          "const head = Buffer.alloc(5); head.writeUInt32BE(2 ** 30, 0); head.writeUInt8(1, 4);",
          "fs.writeSync(3, head);",
          "for (let k = 0; k < 64; k++) fs.writeSync(3, Buffer.alloc(1 << 20, 120));",
          "",
        ].join("\n"),
        'function double(x: number[]): number[] { if (x.length === 4) throw new Error("y".repeat(50_000_000)); return x.map((v) => 2 * v); }\n'
      ),
      // 9. Markdown and HTML in its error text.
      "@SUM(1+1)": submission('throw new Error("<script>alert(1)</script><img src=x onerror=alert(2)> [click](javascript:alert(3)) | x |");\n', solved),
      // the resource attacks the grader already survived: they must still be contained.
      loops: submission("while (true) {}\n", solved),
      hoarder: submission({ source: "const hoard: number[][] = [];\nfor (;;) hoard.push(new Array(1e7).fill(Math.random()));\n", timeoutS: 60 }, solved),
      printer: submission(
        'for (;;) console.log("x".repeat(1000));\n',
        // A full pipe makes writeSync throw EAGAIN: keep trying, as a determined printer would.
        'import * as fs from "fs";\nfor (;;) { try { fs.writeSync(1, "y".repeat(1 << 20)); } catch { /* pipe full */ } }\n',
        solved
      ),
      broken: submission('throw new Error("boom at top level");\n', "const oops = ;\n", "process.exit(0);\n", solved),
    };
    writeAll(subs, notebooks);
    fs.writeFileSync(path.join(subs, "garbled.ipynb"), "{ this is not a notebook");
    classmateText = fs.readFileSync(classmate, "utf8");
    const instructor = instructorDir(dir);
    run = await cnnlab(["grade", "submissions", "--instructor", instructor, "--assignment", "tiny", "--out", "out", "-j", "2"], dir, { GRADER_SECRET: SECRET });
    grades = JSON.parse(fs.readFileSync(path.join(dir, "out", "grades.json"), "utf8")).grades;
  }, 1_200_000);

  afterAll(() => {
    tcp?.close();
    udp?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("finishes the batch, grades every submission, and scores the controls right", () => {
    expect(run.stderr).not.toContain("fails its own tests");
    expect(run.code).toBe(0);
    expect(grades).toHaveLength(19); // 18 notebooks and a garbled file; the folder without notebooks is not a submission
    expect(grade("good").earned).toBe(3);
    expect(grade("classmate").earned).toBe(3);
    expect(grade("stub").earned).toBe(0);
    expect(grade("garbled").notes[0]).toMatch(/^the submission could not be read: .*garbled\.ipynb: not valid JSON/);
    // Every student's result was written on its own.
    expect(fs.readdirSync(path.join(dir, "out", "results")).sort()).toEqual(grades.map((g) => `${g.student}.json`).sort());
  });

  it("symlink escapes: nothing outside the sandbox is read or written, and the grader's code stays intact", () => {
    expect(problems("symlinker")).toContain("escape hits: []");
    expect(grade("symlinker").earned).toBe(3);
    expect(fs.readFileSync(classmate, "utf8")).toBe(classmateText);
    expect(sha(SCORE_JS)).toBe(scoreHash);
    expect(fs.existsSync(outside)).toBe(false);
    expect(grade("zeros").earned).toBe(0);
  });

  it("the answer key: calling, requiring or reading it does not work while grading", () => {
    expect(problems("answerkey")).toContain("answer key: implementation in file: false; require: reference.conv2dForward is not available while grading this assignment");
    const g = grade("answerkey");
    expect(g.earned).toBe(0);
    expect(g.tests[0].error).toBe("Error: reference.conv2dForward is not available while grading this assignment");
  });

  it("check records cannot be rewritten: patched process.send, values.toValue, the sink and forged frames change nothing", () => {
    const g = grade("forger");
    expect(g.earned).toBe(0);
    expect(g.tests.find((t) => t.id === "double_visible")!.checks[0].message).toBe("expected shape [2], got shape [1]");
  });

  it("the instructor notebook and the tests come from the instructor's folder, not the submission's metadata or cells", () => {
    const g = grade("hijacker");
    expect(g.possible).toBe(3);
    expect(g.earned).toBe(0);
  });

  it("hidden tests never reach the submission: a listener on its input captures only call arguments", () => {
    const g = grade("listener");
    const shown = JSON.stringify(g) + fs.readFileSync(path.join(dir, "out", "feedback", "listener.md"), "utf8") + fs.readFileSync(path.join(dir, "out", "feedback", "listener.html"), "utf8");
    expect(shown).toContain("captured:");
    expect(shown).not.toContain(HIDDEN_MARKER);
    expect(shown).not.toContain("check.close");
    expect(g.earned).toBe(0);
  });

  it("a submission sees only its own notebook: no instructor notebooks, no classmates, no package notebooks, a minimal environment", () => {
    const text = problems("snoop");
    // Everything under /grade (its work folder, the packages, cnnlab's copy): its own notebook is the only one.
    expect(text).toMatch(/snoop: notebooks \["\/grade\/work\/notebook\.ipynb"\]; folder \["notebook\.ipynb"\]; own true; classmate (ENOENT|ERR_ACCESS_DENIED); package \["datasets","dist","package\.json"\]; uid 65534;/);
    // The allow-list (plus CNNLAB_DATA, the read-only data cache, where one exists), and CNNLAB_LANG, the
    // submission's language (the grader's messages from inside its process are in it: lib/grading/blocked.ts).
    // (PWD is bubblewrap's: the work folder.)
    const env = ["CNNLAB_GRADING", "CNNLAB_LANG", "HOME", "LANG", "PATH", "PWD", ...(fs.existsSync(cacheDir()) ? ["CNNLAB_DATA"] : [])].sort();
    expect(text).toContain(`env ${JSON.stringify(env)}; no secret`);
    expect(grade("snoop").earned).toBe(3);
    expect(JSON.stringify(grades)).not.toContain(SECRET);
  });

  it("cannot kill the grader: signals to its parent, PID 1 and -1 end only its own sandbox", () => {
    const g = grade("assassin");
    expect(g.earned).toBe(3);
    expect(run.code).toBe(0);
  });

  it("has no network: TCP and UDP to 127.0.0.1 reach nothing", () => {
    expect(problems("network")).toMatch(/network: tcp (ECONNREFUSED|ENETUNREACH|EACCES|ERR_ACCESS_DENIED), udp (ENETUNREACH|EACCES|ERR_ACCESS_DENIED|EPERM|sent)/);
    expect(tcpConnections).toEqual([]);
    expect(udpMessages).toEqual([]);
    expect(grade("network").earned).toBe(3);
  });

  it("caps error text and stops a submission that sends an oversized message; the batch goes on", () => {
    const g = grade("bigerror");
    expect(g.cellProblems.map((c) => c.status)).toEqual(["error", "message"]);
    expect(g.cellProblems[1].error).toContain("it sent a 1073741824-byte message");
    for (const c of g.cellProblems) expect(c.error.length).toBeLessThan(2200);
    expect(g.tests.find((t) => t.id === "double_hidden")!.error!.length).toBeLessThan(2200);
    expect(JSON.stringify(g).length).toBeLessThan(20_000);
    expect(g.earned).toBe(2); // the visible test passes; the hidden test's second call throws its huge error
  });

  it("escapes Markdown and HTML in the feedback and neutralises formulas in the CSV files", () => {
    const key = "@SUM_1_1_";
    const md = fs.readFileSync(path.join(dir, "out", "feedback", `${key}.md`), "utf8");
    const html = fs.readFileSync(path.join(dir, "out", "feedback", `${key}.html`), "utf8");
    for (const page of [md, html]) {
      expect(page).not.toMatch(/<script|<img/i);
      expect(page).toContain("&lt;script&gt;");
    }
    expect(md).not.toContain("[click](javascript");
    for (const file of ["summary.csv", "gradebook.csv"]) {
      const rows = fs.readFileSync(path.join(dir, "out", file), "utf8").split("\r\n");
      expect(rows.some((r) => r.startsWith(`'${key},`))).toBe(true);
      expect(rows.every((r) => !/(^|,)[=+@]/.test(r))).toBe(true);
    }
    expect(grade(key).earned).toBe(3);
  });

  it("contains endless loops, memory hoarding, floods of output and broken cells, and still scores the rest", () => {
    expect(problems("loops")).toContain("timeout: the cell ran longer than its 10 s limit");
    expect(problems("hoarder")).toContain("memory: the notebook ran out of memory");
    // print() beyond 64 kB per cell is dropped inside (the loop runs into its time limit); raw writes to the pipe are counted and stopped.
    expect(problems("printer")).toContain("timeout: the cell ran longer than its 10 s limit");
    expect(problems("printer")).toContain("output: the notebook printed more than 8 MiB");
    expect(problems("broken")).toContain("Error: boom at top level");
    expect(problems("broken")).toContain("Error: process.exit(0) is not allowed in a graded notebook");
    for (const name of ["loops", "hoarder", "printer", "broken"]) expect(grade(name).earned).toBe(3);
    expect(JSON.stringify(grade("printer")).length).toBeLessThan(20_000);
  });

  it("copies only the student's own notebook: the folder's other files are untouched and not visible", () => {
    expect(fs.readFileSync(path.join(dir, "submissions", "data.txt"), "utf8")).toBe("original");
    expect(problems("snoop")).toContain('folder ["notebook.ipynb"]');
  });

  it("shows hidden tests in feedback by their checks' descriptions, never their code", () => {
    const md = fs.readFileSync(path.join(dir, "out", "feedback", "zeros.md"), "utf8");
    expect(md).toContain("double of a hidden array");
    expect(md).not.toContain(HIDDEN_MARKER);
    expect(md).not.toContain("await double");
  });

});
