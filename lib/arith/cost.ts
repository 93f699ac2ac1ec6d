import { outputSize, Padding } from "./size";
import { pair, positiveInt, show } from "./validate";

/** Height, width, channels of a feature map. */
export type HWC = [number, number, number];

function hwc(fn: string, name: string, value: unknown): HWC {
  if (!Array.isArray(value) || value.length !== 3) {
    throw new Error(`${fn}: ${name} must be [height, width, channels], got ${show(value)}`);
  }
  return [positiveInt(fn, `${name}[0]`, value[0]), positiveInt(fn, `${name}[1]`, value[1]), positiveInt(fn, `${name}[2]`, value[2])];
}

/** Arguments of {@link convParams}. */
export interface ConvParamsArgs {
  /** Kernel size F, or [Fh, Fw]. */
  kernel: number | [number, number];
  /** Input channels C_in (each kernel spans all of them). */
  inChannels: number;
  /** Number of filters K (output channels). */
  filters: number;
  /** One bias per filter. Default true. */
  bias?: boolean;
}

/** Parameters of a conv layer: (Fh·Fw·C_in + 1)·K (the +1 is the bias). */
export function convParams(args: ConvParamsArgs): number {
  const fn = "convParams";
  const [fh, fw] = pair(fn, "kernel", args.kernel);
  const cin = positiveInt(fn, "inChannels", args.inChannels);
  const k = positiveInt(fn, "filters", args.filters);
  return (fh * fw * cin + (args.bias ?? true ? 1 : 0)) * k;
}

/** Arguments of {@link denseLayer}. */
export interface DenseArgs {
  /** Input units. */
  inputs: number;
  /** Output units. */
  outputs: number;
  /** One bias per output. Default true. */
  bias?: boolean;
}

/** Counts of one layer. connections counts each weight use (and each bias) once per output. */
export interface LayerCost {
  /** Output shape [H, W, C] (dense: [1, 1, outputs]). */
  output: HWC;
  /** Trainable parameters. */
  params: number;
  /** Input→output links, bias included (as in the LeNet-5 table). */
  connections: number;
  /** Multiply-adds (the "operations" of the GoogLeNet slides), bias not counted. */
  multiplyAdds: number;
}

/** A dense (fully connected) layer: params = connections = (inputs + 1)·outputs. */
export function denseLayer(args: DenseArgs): LayerCost {
  const fn = "denseLayer";
  const n = positiveInt(fn, "inputs", args.inputs);
  const m = positiveInt(fn, "outputs", args.outputs);
  const b = args.bias ?? true ? 1 : 0;
  return { output: [1, 1, m], params: (n + b) * m, connections: (n + b) * m, multiplyAdds: n * m };
}

/** Arguments of {@link convLayer}. */
export interface ConvLayerArgs {
  /** Input shape [H, W, C_in]. */
  input: HWC;
  /** Kernel size F or [Fh, Fw]. */
  kernel: number | [number, number];
  /** Number of filters K. */
  filters: number;
  /** Stride S or [Sh, Sw]. Default 1. */
  stride?: number | [number, number];
  /** Padding: 'valid', 'same' or zeros per side. Default 'valid'. */
  pad?: Padding;
  /** Dilation. Default 1. */
  dilation?: number | [number, number];
  /** Bias per filter. Default true. */
  bias?: boolean;
  /** 'exact' (default) throws when the kernel does not fit; 'floor' drops leftover pixels. */
  mode?: "exact" | "floor";
}

/** A conv layer: output shape, (F·F·C_in + 1)·K params, connections and multiply-adds. */
export function convLayer(args: ConvLayerArgs): LayerCost {
  const fn = "convLayer";
  const [H, W, C] = hwc(fn, "input", args.input);
  const [fh, fw] = pair(fn, "kernel", args.kernel);
  const [sh, sw] = pair(fn, "stride", args.stride ?? 1);
  const [dh, dw] = pair(fn, "dilation", args.dilation ?? 1);
  const K = positiveInt(fn, "filters", args.filters);
  const pad = args.pad ?? "valid";
  const oh = outputSize({ input: H, kernel: fh, stride: sh, pad, dilation: dh, mode: args.mode });
  const ow = outputSize({ input: W, kernel: fw, stride: sw, pad, dilation: dw, mode: args.mode });
  const b = args.bias ?? true ? 1 : 0;
  const outputs = oh * ow * K;
  return {
    output: [oh, ow, K],
    params: (fh * fw * C + b) * K,
    connections: outputs * (fh * fw * C + b),
    multiplyAdds: outputs * fh * fw * C,
  };
}

/** Arguments of {@link poolLayer}. */
export interface PoolLayerArgs {
  /** Input shape [H, W, C]. */
  input: HWC;
  /** Window size. */
  size: number | [number, number];
  /** Stride. Default: the window size (non-overlapping). */
  stride?: number | [number, number];
  /** Padding. Default 'valid'. */
  pad?: Padding;
  /** 'exact' (default) or 'floor'. */
  mode?: "exact" | "floor";
}

/**
 * A max/avg pooling layer: no parameters; each output reads size² inputs of its own channel.
 * (LeNet-5's S2 has a trainable coefficient and bias per map, so its table counts size² + 1.)
 */
export function poolLayer(args: PoolLayerArgs): LayerCost {
  const fn = "poolLayer";
  const [H, W, C] = hwc(fn, "input", args.input);
  const [fh, fw] = pair(fn, "size", args.size);
  const [sh, sw] = pair(fn, "stride", args.stride ?? [fh, fw]);
  const pad = args.pad ?? "valid";
  const oh = outputSize({ input: H, kernel: fh, stride: sh, pad, mode: args.mode });
  const ow = outputSize({ input: W, kernel: fw, stride: sw, pad, mode: args.mode });
  const outputs = oh * ow * C;
  return { output: [oh, ow, C], params: 0, connections: outputs * fh * fw, multiplyAdds: 0 };
}

/** Arguments of {@link bottleneck}. */
export interface BottleneckArgs {
  /** Input shape [H, W, C_in]. */
  input: HWC;
  /** Size of the big kernel (e.g. 5). */
  kernel: number;
  /** Output channels of the big conv. */
  filters: number;
  /** Channels after the 1x1 reduction. */
  reduceTo: number;
}

/** Multiply-adds of a direct F×F conv vs a 1x1 reduction followed by the F×F conv (stride 1, 'same'). */
export interface BottleneckCost {
  direct: number;
  reduce: number;
  conv: number;
  total: number;
  /** direct / total. */
  saving: number;
}

/**
 * GoogLeNet's 1x1 trick: (H·W·K)·(F·F·C_in) for the direct conv against
 * (H·W·R)·(1·1·C_in) + (H·W·K)·(F·F·R) with the reduction to R channels first.
 */
export function bottleneck(args: BottleneckArgs): BottleneckCost {
  const fn = "bottleneck";
  const input = hwc(fn, "input", args.input);
  const kernel = positiveInt(fn, "kernel", args.kernel);
  const filters = positiveInt(fn, "filters", args.filters);
  const reduceTo = positiveInt(fn, "reduceTo", args.reduceTo);
  const direct = convLayer({ input, kernel, filters, pad: "same" }).multiplyAdds;
  const reduce = convLayer({ input, kernel: 1, filters: reduceTo, pad: "same" }).multiplyAdds;
  const conv = convLayer({ input: [input[0], input[1], reduceTo], kernel, filters, pad: "same" }).multiplyAdds;
  return { direct, reduce, conv, total: reduce + conv, saving: direct / (reduce + conv) };
}
