/**
 * A partially connected convolution: output map o sees only the input maps i with
 * table[i][o] = true (LeNet-5's C3, LeCun et al. 1998, table I).
 *
 * Only the connected kernels are weights (shape [kh, kw, connections]), so
 * countParams() counts what the paper counts (C3: 60·25 + 16 = 1,516). The call
 * scatters them into a full [kh, kw, cin, cout] kernel with a constant 0/1 matrix
 * (connection c → slot (i, o)), which is the same as masking a full kernel, and
 * convolves once; gradients reach only the connected weights.
 */
import * as tf from "@tensorflow/tfjs";
import { BaseLayerArgs, CountsConnections, Shape, singleShape } from "./types";
import { positiveInt } from "./validate";

/**
 * LeNet-5's S2 → C3 connection table (1998, table I; the seed deck 000 copies it):
 * rows are the 6 S2 maps, columns the 16 C3 maps, 1 = connected.
 * C3 maps 0-5 see 3 contiguous maps, 6-11 see 4 contiguous, 12-14 see 4 non-contiguous, 15 sees all 6.
 */
export const LENET5_C3_TABLE: readonly (readonly number[])[] = [
  [1, 0, 0, 0, 1, 1, 1, 0, 0, 1, 1, 1, 1, 0, 1, 1],
  [1, 1, 0, 0, 0, 1, 1, 1, 0, 0, 1, 1, 1, 1, 0, 1],
  [1, 1, 1, 0, 0, 0, 1, 1, 1, 0, 0, 1, 0, 1, 1, 1],
  [0, 1, 1, 1, 0, 0, 1, 1, 1, 1, 0, 0, 1, 0, 1, 1],
  [0, 0, 1, 1, 1, 0, 0, 1, 1, 1, 1, 0, 1, 1, 0, 1],
  [0, 0, 0, 1, 1, 1, 0, 0, 1, 1, 1, 1, 0, 1, 1, 1],
];

export interface PartialConv2DArgs extends BaseLayerArgs {
  /** Connection table, [inputChannels][filters] of 0/1 (or booleans). Required; e.g. LENET5_C3_TABLE. */
  table: readonly (readonly (number | boolean)[])[];
  /** Square kernel size. Default 5 (LeNet-5). */
  kernelSize?: number;
  /** Add one bias per output map. Default true. */
  useBias?: boolean;
  /** Seed of the initial kernel values. Default: unseeded. */
  seed?: number;
}

export class PartialConv2D extends tf.layers.Layer implements CountsConnections {
  static className = "PartialConv2D";
  readonly table: number[][];
  readonly kernelSize: number;
  readonly useBias: boolean;
  readonly seed: number | undefined;
  readonly inChannels: number;
  readonly filters: number;
  /** (input map, output map) of each stored kernel, in storage order. */
  readonly connections: Array<[number, number]>;
  private kernel: tf.LayerVariable | null = null;
  private biasWeight: tf.LayerVariable | null = null;
  private scatter: tf.Tensor2D | null = null;

  constructor(args: PartialConv2DArgs) {
    super(args);
    const owner = `PartialConv2D${args?.name ? ` "${args.name}"` : ""}`;
    const table = args?.table;
    if (!Array.isArray(table) || table.length === 0 || !table.every((row) => Array.isArray(row) && row.length === table[0].length && row.length > 0)) {
      throw new Error(`${owner}: table must be a non-empty [inputChannels][filters] array of 0/1 with equal-length rows, got ${JSON.stringify(table)}`);
    }
    this.table = table.map((row) => row.map((v: unknown) => {
      if (v !== 0 && v !== 1 && v !== true && v !== false) {
        throw new Error(`${owner}: table entries must be 0/1 or booleans, got ${JSON.stringify(v)}`);
      }
      return v ? 1 : 0;
    }));
    this.inChannels = this.table.length;
    this.filters = this.table[0].length;
    this.connections = [];
    for (let i = 0; i < this.inChannels; i++) {
      for (let o = 0; o < this.filters; o++) if (this.table[i][o]) this.connections.push([i, o]);
    }
    for (let o = 0; o < this.filters; o++) {
      if (!this.table.some((row) => row[o])) throw new Error(`${owner}: table column ${o} connects output map ${o} to no input map`);
    }
    this.kernelSize = positiveInt(owner, "kernelSize", args.kernelSize ?? 5);
    this.useBias = args.useBias ?? true;
    this.seed = args.seed;
  }

  build(inputShape: Shape | Shape[]): void {
    const shape = singleShape(`PartialConv2D "${this.name}"`, inputShape);
    if (shape.length !== 4 || shape[3] !== this.inChannels) {
      throw new Error(`PartialConv2D "${this.name}": input shape must be [batch, h, w, ${this.inChannels}] (table has ${this.inChannels} rows), got [${shape}]`);
    }
    const k = this.kernelSize;
    // Glorot-uniform on the connected fan-in/out, as a masked full kernel would get on average.
    const fanIn = (k * k * this.connections.length) / this.filters;
    const fanOut = (k * k * this.connections.length) / this.inChannels;
    const limit = Math.sqrt(6 / (fanIn + fanOut));
    this.kernel = this.addWeight("kernel", [k, k, this.connections.length], "float32",
      tf.initializers.randomUniform({ minval: -limit, maxval: limit, seed: this.seed }));
    if (this.useBias) this.biasWeight = this.addWeight("bias", [this.filters], "float32", tf.initializers.zeros());
    const scatter = new Float32Array(this.connections.length * this.inChannels * this.filters);
    this.connections.forEach(([i, o], c) => {
      scatter[c * this.inChannels * this.filters + i * this.filters + o] = 1;
    });
    this.scatter = tf.keep(tf.tensor2d(scatter, [this.connections.length, this.inChannels * this.filters]));
    this.built = true;
  }

  computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const [b, h, w] = singleShape(`PartialConv2D "${this.name}"`, inputShape);
    const out = (n: number | null) => (n === null ? null : n - this.kernelSize + 1);
    return [b, out(h), out(w), this.filters];
  }

  /** The full [k, k, cin, cout] kernel with zeros where the table has no connection. */
  fullKernel(): tf.Tensor4D {
    return tf.tidy(() => {
      const k = this.kernelSize;
      const flat = tf.matMul(this.kernel!.read().reshape([k * k, this.connections.length]), this.scatter!);
      return flat.reshape([k, k, this.inChannels, this.filters]) as tf.Tensor4D;
    });
  }

  call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor4D;
      const y = tf.conv2d(x, this.fullKernel(), 1, "valid");
      return this.biasWeight ? tf.add(y, this.biasWeight.read()) : y;
    });
  }

  countConnections(outputShape: Shape): number {
    return this.countParams() * positions(outputShape);
  }

  countMultiplyAdds(outputShape: Shape): number {
    return this.kernelSize * this.kernelSize * this.connections.length * positions(outputShape);
  }

  dispose() {
    const result = super.dispose();
    if (result.refCountAfterDispose === 0 && this.scatter) {
      this.scatter.dispose();
      this.scatter = null;
    }
    return result;
  }

  getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), table: this.table, kernelSize: this.kernelSize, useBias: this.useBias };
  }
}
tf.serialization.registerClass(PartialConv2D);

/** Output positions h·w of an NHWC shape. */
function positions(outputShape: Shape): number {
  return (outputShape[1] ?? 0) * (outputShape[2] ?? 0);
}

export function partialConv2d(args: PartialConv2DArgs): PartialConv2D {
  return new PartialConv2D(args);
}
