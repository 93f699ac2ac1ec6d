/**
 * Residual networks (He et al. 2015).
 *  - ImageNet (resnet18/34/50): stem conv 7x7/2 64 → BN → ReLU → max-pool 3x3/2, four stages of
 *    basic (18, 34) or bottleneck (50) blocks with 64/128/256/512 filters, the first block of
 *    stages 2-4 with stride 2 and a 1x1 projection shortcut; global average pool → dense.
 *    Trainable parameters at 224x224x3, 1000 classes equal torchvision's (11,689,512; 21,797,672; 25,557,032).
 *  - CIFAR (resnet20/56, section 4.2): conv 3x3 16 → BN → ReLU, three stages of n basic blocks
 *    (n = 3, 9) with 16/32/64 filters, projection shortcuts where the shape changes (as
 *    pytorch_reference.py's resnet20), global average pool → dense. ResNet-20: 272,474 parameters.
 * Padding is tfjs "same" where PyTorch pads symmetrically; shapes and counts are equal.
 */
import * as tf from "@tensorflow/tfjs";
import { dense } from "../layers/factories";
import { basicBlock, bottleneckBlock, convBn } from "../layers/residual";
import { input, ModelArgs, resolveArgs, scaled, stack } from "./args";

type Block = typeof basicBlock;

interface ResNetSpec {
  name: string;
  block: Block;
  /** Blocks per stage. */
  depths: readonly number[];
  /** Filters per stage. */
  filters: readonly number[];
  /** "imagenet": 7x7/2 stem + max-pool; "cifar": 3x3 stem. */
  stem: "imagenet" | "cifar";
}

export const RESNET_SPECS = {
  resnet18: { block: basicBlock, depths: [2, 2, 2, 2], filters: [64, 128, 256, 512], stem: "imagenet" },
  resnet34: { block: basicBlock, depths: [3, 4, 6, 3], filters: [64, 128, 256, 512], stem: "imagenet" },
  resnet50: { block: bottleneckBlock, depths: [3, 4, 6, 3], filters: [64, 128, 256, 512], stem: "imagenet" },
  resnet20: { block: basicBlock, depths: [3, 3, 3], filters: [16, 32, 64], stem: "cifar" },
  resnet56: { block: basicBlock, depths: [9, 9, 9], filters: [16, 32, 64], stem: "cifar" },
} as const;

export function resnet(name: keyof typeof RESNET_SPECS, args?: ModelArgs): tf.LayersModel {
  const spec: ResNetSpec = { name, ...RESNET_SPECS[name] };
  const imagenet = spec.stem === "imagenet";
  const a = resolveArgs(name, args, imagenet ? { inputShape: [224, 224, 3], classes: 1000 } : { inputShape: [32, 32, 3], classes: 10 });
  const x = input(a.inputShape);
  let y = convBn(x, scaled(imagenet ? 64 : 16, a.width), imagenet ? 7 : 3, imagenet ? 2 : 1, "stem_conv");
  y = tf.layers.reLU({ name: "stem_relu" }).apply(y) as tf.SymbolicTensor;
  if (imagenet) y = tf.layers.maxPooling2d({ poolSize: 3, strides: 2, padding: "same", name: "stem_pool" }).apply(y) as tf.SymbolicTensor;
  spec.depths.forEach((depth, stage) => {
    for (let i = 0; i < depth; i++) {
      y = spec.block(y, {
        filters: scaled(spec.filters[stage], a.width),
        strides: stage > 0 && i === 0 ? 2 : 1,
        name: `stage${stage + 1}_block${i + 1}`,
      });
    }
  });
  y = stack(y, [
    tf.layers.globalAveragePooling2d({ name: "gap" }),
    dense({ units: a.classes, name: "fc" }),
  ]);
  return tf.model({ inputs: x, outputs: y, name });
}
