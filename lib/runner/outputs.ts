/** Turns the notebook process's messages into nbformat outputs, the way Jupyter's front ends do. */
import type { DisplayDataOutput, Output } from "../notebook/types";
import type { FromWorker } from "./protocol";

/** Terminal colour codes (tfjs and node warnings) are noise in a saved notebook. */
const ANSI = /\u001b\[[0-9;]*[A-Za-z]/g;

/**
 * Collects one notebook's outputs. Display ids are notebook-wide, as in Jupyter: an update
 * (e.g. a live training dashboard) rewrites every output shown with that id, so the saved
 * notebook keeps its last state.
 */
export class NotebookOutputs {
  private current: Output[] = [];
  private readonly byDisplayId = new Map<string, DisplayDataOutput[]>();

  /** Starts collecting for the next cell; returns that cell's (live) output list. */
  startCell(): Output[] {
    this.current = [];
    return this.current;
  }

  apply(msg: FromWorker): void {
    switch (msg.kind) {
      case "stream":
        return this.appendStream(msg.name, msg.text.replace(ANSI, ""));
      case "display":
        return this.display(msg.data, msg.metadata, msg.displayId, msg.update);
      case "error":
        this.current.push({ output_type: "error", ename: msg.ename, evalue: msg.evalue, traceback: msg.traceback });
        return;
      default:
        return;
    }
  }

  /** Consecutive chunks of one stream form one output, as Jupyter shows them. */
  private appendStream(name: "stdout" | "stderr", text: string): void {
    if (text === "") return;
    const last = this.current[this.current.length - 1];
    if (last && last.output_type === "stream" && last.name === name) {
      last.text = (last.text as string) + text;
    } else {
      this.current.push({ output_type: "stream", name, text });
    }
  }

  private display(data: DisplayDataOutput["data"], metadata: DisplayDataOutput["metadata"], displayId: string | undefined, update: boolean): void {
    const shown = displayId ? this.byDisplayId.get(displayId) : undefined;
    if (update) {
      // An update of an id never shown is dropped, as Jupyter front ends do.
      for (const out of shown ?? []) {
        out.data = data;
        out.metadata = metadata;
      }
      return;
    }
    const out: DisplayDataOutput = { output_type: "display_data", data, metadata };
    this.current.push(out);
    if (displayId) this.byDisplayId.set(displayId, [...(shown ?? []), out]);
  }
}
