/** Reaching tfjs-layers classes that the package registers for deserialisation but does not export. */
import * as tf from "@tensorflow/tfjs";

/**
 * The class tfjs-layers registered under `className` (read before cnnlab registers its subclass
 * under the same name). Creating a layer to take its constructor would use up one of tfjs's layer
 * names (conv2d_Conv2D1, …) and shift every automatic name after it.
 */
export function tfjsLayerClass<T extends tf.serialization.SerializableConstructor<tf.serialization.Serializable>>(className: string): T {
  const entry = tf.serialization.SerializationMap.getMap().classNameMap[className];
  if (!entry) throw new Error(`cnnlab: tfjs-layers registers no class named ${className}`);
  // The registry types its entries as any serialisable class; T is this one's declared type in tfjs-layers.
  return entry[0] as T;
}
