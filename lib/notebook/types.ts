/**
 * The parts of the Jupyter notebook format (nbformat 4) that cnnlab reads and writes.
 * Multiline strings may be one string or an array of lines, as in the files themselves.
 */

export type MultilineString = string | string[];
export type JsonObject = { [key: string]: unknown };

/** A MIME bundle: MIME type → content (base64 for binary types, objects for JSON types). */
export type MimeBundle = { [mimeType: string]: unknown };

export interface StreamOutput {
  output_type: "stream";
  name: "stdout" | "stderr";
  text: MultilineString;
}

export interface DisplayDataOutput {
  output_type: "display_data";
  data: MimeBundle;
  metadata: JsonObject;
}

export interface ExecuteResultOutput {
  output_type: "execute_result";
  execution_count: number | null;
  data: MimeBundle;
  metadata: JsonObject;
}

export interface ErrorOutput {
  output_type: "error";
  ename: string;
  evalue: string;
  traceback: string[];
}

export type Output = StreamOutput | DisplayDataOutput | ExecuteResultOutput | ErrorOutput;

export interface CodeCell {
  cell_type: "code";
  id?: string;
  metadata: JsonObject;
  source: MultilineString;
  execution_count: number | null;
  outputs: Output[];
}

export interface MarkdownCell {
  cell_type: "markdown";
  id?: string;
  metadata: JsonObject;
  source: MultilineString;
  attachments?: JsonObject;
}

export interface RawCell {
  cell_type: "raw";
  id?: string;
  metadata: JsonObject;
  source: MultilineString;
  attachments?: JsonObject;
}

export type Cell = CodeCell | MarkdownCell | RawCell;

export interface Notebook {
  nbformat: 4;
  nbformat_minor: number;
  metadata: JsonObject;
  cells: Cell[];
}
