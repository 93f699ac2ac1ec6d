/**
 * What a grading process holds of the host's memory (Linux /proc): the resident memory of its
 * process tree, and the bytes in a sandbox's tmpfs folders, which are host RAM too but appear in no
 * process's resident set (a red-team finding: files written there escaped the memory watch).
 */
import * as fs from "fs";

/** The pids of a process and all its descendants (empty where /proc is unavailable or it is gone). */
export function processTree(pid: number): number[] {
  const out: number[] = [];
  const stack = [pid];
  while (stack.length) {
    const p = stack.pop()!;
    let tasks: string[];
    try {
      tasks = fs.readdirSync(`/proc/${p}/task`);
    } catch {
      continue; // ended meanwhile
    }
    out.push(p);
    for (const t of tasks) {
      try {
        const kids = fs.readFileSync(`/proc/${p}/task/${t}/children`, "utf8").trim();
        if (kids) stack.push(...kids.split(/\s+/).map(Number));
      } catch {
        // the thread ended meanwhile
      }
    }
  }
  return out;
}

/** Resident set size in MiB of a process and all its descendants, or null where /proc is unavailable. */
export function treeResidentMb(pid: number): number | null {
  const pids = processTree(pid);
  if (pids.length === 0) return null;
  let total = 0;
  for (const p of pids) {
    try {
      const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${p}/status`, "utf8"));
      if (m) total += Number(m[1]) / 1024;
    } catch {
      // ended meanwhile
    }
  }
  return total;
}

/**
 * MiB in use on the file systems mounted at `dirs` as seen by a process of the tree (through
 * /proc/PID/root, i.e. in its own mount namespace): the first process in which `dirs[0]` exists
 * answers. 0 when none does (not sandboxed, or already gone).
 */
export function treeFilesMb(pid: number, dirs: readonly string[]): number {
  if (dirs.length === 0) return 0;
  for (const p of processTree(pid)) {
    try {
      let used = 0;
      for (const d of dirs) {
        const s = fs.statfsSync(`/proc/${p}/root${d}`);
        used += (s.blocks - s.bfree) * s.bsize;
      }
      return used / 1024 / 1024;
    } catch {
      // not this process's view (e.g. bubblewrap's outer process sees the host)
    }
  }
  return 0;
}
