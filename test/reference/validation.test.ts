import * as R from "../../lib/reference";

const x = R.tensor([1, 4, 4, 2], 1);
const w = R.tensor([3, 3, 2, 5], 1);

describe("NdArray helpers", () => {
  it("fromNested/toNested round-trip [[1, 2], [3, 4]] with shape [2, 2]", () => {
    const t = R.fromNested([[1, 2], [3, 4]]);
    expect(t.shape).toEqual([2, 2]);
    expect(t.data).toBeInstanceOf(Float32Array);
    expect(R.toNested(t)).toEqual([[1, 2], [3, 4]]);
    expect(R.fromNested([[1]], "float64").data).toBeInstanceOf(Float64Array);
  });
  it("tensor fills or copies, and keeps a Float64Array's dtype", () => {
    expect(Array.from(R.tensor([2, 2], 3).data)).toEqual([3, 3, 3, 3]);
    expect(R.tensor([2], new Float64Array([1, 2])).data).toBeInstanceOf(Float64Array);
  });
});

describe("bad input: each error names the argument and the value received", () => {
  it.each([
    ["tensor with too few values", () => R.tensor([2, 3], [1, 2]), "tensor: data has 2 values but shape [2,3] needs 6"],
    ["tensor with a fractional shape", () => R.tensor([2.5], 0), "tensor: shape must be an array of non-negative integers, got [2.5]"],
    ["fromNested ragged", () => R.fromNested([[1, 2], [3]]), "fromNested: element at nested[1] is [3], expected an array of length 2 (ragged array?)"],
    ["conv2dForward x of rank 3", () => R.conv2dForward(R.tensor([4, 4, 2], 1), w), "conv2dForward: x must have rank 4 [N, H, W, Cin], got shape [4,4,2]"],
    ["conv2dForward channel mismatch", () => R.conv2dForward(x, R.tensor([3, 3, 3, 5], 1)), "conv2dForward: w has Cin = w.shape[2] = 3 but x has 2 channels"],
    ["conv2dForward bias of the wrong length", () => R.conv2dForward(x, w, R.tensor([4], 0)), "conv2dForward: b must have Cout = 5 values, got shape [4]"],
    ["conv2dForward kernel larger than the input", () => R.conv2dForward(x, R.tensor([5, 5, 2, 1], 1)), "conv2dForward: along height, kernel 5 is larger than the padded input W + 2P = 4 + 2·0 = 4"],
    ["conv2dForward zero stride", () => R.conv2dForward(x, w, null, { stride: 0 }), "conv2dForward: stride must be a positive integer, got 0"],
    ["conv2dForward stride triple", () => R.conv2dForward(x, w, null, { stride: [1, 1, 1] as unknown as [number, number] }), "conv2dForward: stride must be a number or a pair [h, w], got [1,1,1]"],
    ["conv2dForward unknown padding", () => R.conv2dForward(x, w, null, { pad: "full" as "same" }), `conv2dForward: pad must be 'valid', 'same' or a non-negative integer, got "full"`],
    ["conv2dForward fractional dilation", () => R.conv2dForward(x, w, null, { dilation: 1.5 }), "conv2dForward: dilation must be a positive integer, got 1.5"],
    ["conv2dBackward dy of the wrong shape", () => R.conv2dBackward(R.tensor([1, 4, 4, 5], 1), x, w), "conv2dBackward: dy must have the output shape [1,2,2,5], got [1,4,4,5]"],
    ["im2col with a zero kernel", () => R.im2col(x, 0), "im2col: kernel must be a positive integer, got 0"],
    ["matmul inner sizes", () => R.matmul(R.tensor([2, 3], 1), R.tensor([2, 3], 1)), "matmul: inner sizes differ: a gives k = 3 (shape [2,3]) but b gives 2 (shape [2,3])"],
    ["convolve2d on a 3D image", () => R.convolve2d(R.tensor([1, 4, 4], 1), R.tensor([2, 2], 1)), "convolve2d: image must have rank 2 [H, W], got shape [1,4,4]"],
    ["convolve2d unknown mode", () => R.convolve2d(R.tensor([4, 4], 1), R.tensor([2, 2], 1), { mode: "wrap" as "full" }), `convolve2d: mode must be 'valid', 'same' or 'full', got "wrap"`],
    ["correlate2d valid with a big kernel", () => R.correlate2d(R.tensor([2, 2], 1), R.tensor([3, 3], 1)), "correlate2d: kernel [3,3] is larger than image [2,2] in mode 'valid'"],
    ["maxPoolForward without size", () => R.maxPoolForward(x, {} as R.PoolArgs), "maxPoolForward: args.size (the window size) is required, got {}"],
    ["avgPoolForward negative size", () => R.avgPoolForward(x, { size: -2 }), "avgPoolForward: size must be a positive integer, got -2"],
    ["maxPoolBackward dy of the wrong shape", () => R.maxPoolBackward(R.tensor([1, 4, 4, 2], 1), x, { size: 2 }), "maxPoolBackward: dy must have the output shape [1,2,2,2], got [1,4,4,2]"],
    ["maxout with pieces not dividing the channels", () => R.maxoutForward(R.tensor([1, 1, 1, 5], 1), { pieces: 2 }), "maxoutForward: the channel count 5 (last axis of x.shape [1,1,1,5]) is not divisible by pieces = 2"],
    ["batchNormForward gamma of the wrong length", () => R.batchNormForward(x, R.tensor([3], 1), R.tensor([2], 0)), "batchNormForward: gamma must have shape [2] (the channels of x.shape [1,4,4,2]), got [3]"],
    ["batchNormForward negative eps", () => R.batchNormForward(x, R.tensor([2], 1), R.tensor([2], 0), { eps: -1 }), "batchNormForward: eps must be a non-negative number, got -1"],
    ["updateRunningStats momentum 2", () => R.updateRunningStats(R.initRunningStats(2), R.initRunningStats(2), { momentum: 2 }), "updateRunningStats: momentum must be in [0, 1], got 2"],
    ["lrnForward fractional depthRadius", () => R.lrnForward(x, { depthRadius: 1.5 }), "lrnForward: depthRadius must be a non-negative integer, got 1.5"],
    ["preluForward slope of the wrong length", () => R.preluForward(x, R.tensor([3], 0.1)), "preluForward: slope must have shape [2] (one per channel of x.shape [1,4,4,2]) or [1], got [3]"],
    ["activationForward unknown name", () => R.activationForward("gelu" as "relu", x), "activationForward: name must be one of sigmoid, tanh, relu, got \"gelu\""],
    ["dropoutForward rate 1", () => R.dropoutForward(x, { rate: 1 }), "dropoutForward: rate must be a number in [0, 1), got 1"],
    ["softmaxCrossEntropy label out of range", () => R.softmaxCrossEntropy(R.tensor([2, 3], 0), [0, 3]), "softmaxCrossEntropy: labels[1] = 3 is not a class index in 0..2"],
    ["softmaxCrossEntropy label count", () => R.softmaxCrossEntropy(R.tensor([2, 3], 0), [0]), "softmaxCrossEntropy: labels has 1 class indices but there are 2 examples (shape [2,3])"],
    ["crossEntropy zero probability on the true class", () => R.crossEntropy(R.fromNested([[1, 0]]), [1]), "crossEntropy: probs[0, 1] = 0 where the target is 1: the loss is infinite (use softmaxCrossEntropy on logits)"],
    ["mse shape mismatch", () => R.mse(R.tensor([2, 2], 0), R.tensor([4], 0)), "mse: target must have the shape of pred [2,2], got [4]"],
    ["SGD without a learning rate", () => new R.SGD({} as R.SGDArgs), "SGD: learningRate must be a positive number, got undefined"],
    ["SGD momentum 1", () => new R.SGD({ learningRate: 0.1, momentum: 1 }), "SGD: momentum must be in [0, 1), got 1"],
    ["SGD.step with mismatched lists", () => new R.SGD({ learningRate: 0.1 }).step([x], []), "SGD.step: got 1 params but 0 grads"],
    ["gradCheck with eps 0", () => R.gradCheck((v) => R.mse(v, v), x, { eps: 0 }), "gradCheck: eps must be a positive number, got 0"],
  ])("%s", (_name, call, message) => {
    expect(call).toThrow(message);
  });
});
