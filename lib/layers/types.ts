/** The base-layer arguments (name, trainable, inputShape, ...) every custom layer forwards to tf.layers.Layer. */
import * as tf from "@tensorflow/tfjs";

export type BaseLayerArgs = NonNullable<ConstructorParameters<typeof tf.layers.Layer>[0]>;
export type Shape = Array<number | null>;

/** Layers that know how many connections (LeCun 1998's count) and multiply-adds they have; `summarize` asks them. */
export interface CountsConnections {
  /** Connections for one example, counting a bias as one input per output unit. */
  countConnections(outputShape: Shape): number;
  /** Multiply-adds for one example. */
  countMultiplyAdds(outputShape: Shape): number;
}

export function countsConnections(layer: unknown): layer is CountsConnections {
  return typeof (layer as CountsConnections).countConnections === "function";
}

/** The single input shape of a layer called with one tensor. */
export function singleShape(owner: string, inputShape: Shape | Shape[]): Shape {
  if (Array.isArray(inputShape[0])) {
    throw new Error(`${owner}: expects a single input tensor, got ${inputShape.length} inputs`);
  }
  return inputShape as Shape;
}

/** The shape of a built layer's (first) input, batch dimension included. */
export function layerInputShape(layer: { input: unknown }): Shape {
  const input = layer.input as { shape: Shape } | Array<{ shape: Shape }>;
  return Array.isArray(input) ? input[0].shape : input.shape;
}
