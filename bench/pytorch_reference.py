#!/usr/bin/env python3
"""PyTorch's training throughput for the models of `npm run bench`, for `--compare`.

Each network below is, layer for layer, the cnnlab model that bench/run.ts trains:

    lenet     cnnlab "lenet"          28x28x1    LeNet with ReLU and max pooling
    resnet20  cnnlab "resnet20"       32x32x3    He et al.'s CIFAR ResNet-20, projection shortcuts
    alexnet   cnnlab "alexnet-bench"  224x224x1  one tower, no LRN, dropout 0.5
    kerascnn  notebook 11's kerasCnn() 28x28x1  the Spanish deck's Keras CNN (bench/keras-cnn.ts)

and it is trained the same way: synthetic N(0, 1) images with uniform labels, softmax cross-entropy
on the logits (kerascnn: cnnlab's model ends in a softmax, PyTorch's loss applies it), SGD with
momentum 0.9 and learning rate 0.01 (kerascnn: Adam, learning rate 0.001, as notebook 11), no weight
decay; one pass over the images to warm up, then one timed pass. bench/run.ts passes --batch and
--images so that both sides use the same figures; the defaults are bench/run.ts's.

Usage: python3 bench/pytorch_reference.py [--models lenet,resnet20,alexnet,kerascnn] [--threads N]
                                          [--batch B] [--images N]       (see reference_args.py)
                                          [--device cpu|cuda]            (cuda: framework "pytorch-cuda")
Prints a JSON line per model:
    {"model", "framework": "pytorch", "version", "threads", "batch", "images", "params", "images_per_s"}
params: the trainable parameters (bench/run.ts checks them against cnnlab's model).
Needs PyTorch (Debian: apt-get install python3-torch; pip: pip install torch).
"""
import time

import torch
from torch import nn

import reference_args


def lenet():
    return nn.Sequential(
        nn.Conv2d(1, 6, kernel_size=5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(6, 16, kernel_size=5), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(),
        nn.Linear(16 * 5 * 5, 120), nn.ReLU(),
        nn.Linear(120, 84), nn.ReLU(),
        nn.Linear(84, 10),
    )


def conv3x3_bn(cin, cout, stride=1):
    return [nn.Conv2d(cin, cout, kernel_size=3, stride=stride, padding=1, bias=False), nn.BatchNorm2d(cout)]


class BasicBlock(nn.Module):
    """relu(bn(conv(relu(bn(conv(x))))) + shortcut(x)); the shortcut is a 1x1 convolution + BN where the shape changes."""

    def __init__(self, cin, cout, stride):
        super().__init__()
        self.residual = nn.Sequential(*conv3x3_bn(cin, cout, stride), nn.ReLU(), *conv3x3_bn(cout, cout))
        self.shortcut = nn.Identity()
        if stride != 1 or cin != cout:
            self.shortcut = nn.Sequential(nn.Conv2d(cin, cout, kernel_size=1, stride=stride, bias=False), nn.BatchNorm2d(cout))

    def forward(self, x):
        return torch.relu(self.residual(x) + self.shortcut(x))


def resnet20():
    layers = [*conv3x3_bn(3, 16), nn.ReLU()]
    channels = 16
    for width, first_stride in ((16, 1), (32, 2), (64, 2)):
        for block in range(3):
            layers.append(BasicBlock(channels, width, first_stride if block == 0 else 1))
            channels = width
    layers += [nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(64, 10)]
    return nn.Sequential(*layers)


def alexnet():
    return nn.Sequential(
        nn.ZeroPad2d(1), nn.Conv2d(1, 96, kernel_size=11, stride=4), nn.ReLU(), nn.MaxPool2d(3, stride=2),
        nn.Conv2d(96, 256, kernel_size=5, padding=2), nn.ReLU(), nn.MaxPool2d(3, stride=2),
        nn.Conv2d(256, 384, kernel_size=3, padding=1), nn.ReLU(),
        nn.Conv2d(384, 384, kernel_size=3, padding=1), nn.ReLU(),
        nn.Conv2d(384, 256, kernel_size=3, padding=1), nn.ReLU(), nn.MaxPool2d(3, stride=2),
        nn.Flatten(),
        nn.Linear(256 * 5 * 5, 4096), nn.ReLU(), nn.Dropout(0.5),
        nn.Linear(4096, 4096), nn.ReLU(), nn.Dropout(0.5),
        nn.Linear(4096, 10),
    )


def kerascnn():
    def conv(cin, cout, k):
        return [nn.Conv2d(cin, cout, kernel_size=k, padding="same"), nn.ReLU()]

    return nn.Sequential(
        *conv(1, 64, 7), nn.MaxPool2d(2),
        *conv(64, 128, 3), *conv(128, 128, 3), nn.MaxPool2d(2),
        *conv(128, 256, 3), *conv(256, 256, 3), nn.MaxPool2d(2),
        nn.Flatten(),
        nn.Linear(256 * 3 * 3, 128), nn.ReLU(), nn.Dropout(0.5),
        nn.Linear(128, 64), nn.ReLU(), nn.Dropout(0.5),
        nn.Linear(64, 10),
    )


BUILDERS = {"lenet": lenet, "resnet20": resnet20, "alexnet": alexnet, "kerascnn": kerascnn}


def optimizer_for(name, parameters):
    if reference_args.OPTIMIZERS[name] == "adam":
        return torch.optim.Adam(parameters, lr=0.001, eps=1e-7)
    return torch.optim.SGD(parameters, lr=0.01, momentum=0.9, weight_decay=0)


def train_seconds(name, hwc, batch, images, device="cpu"):
    """Seconds of the timed pass, and the model's trainable parameter count."""
    h, w, c = hwc
    torch.manual_seed(0)
    model = BUILDERS[name]().to(device)
    model.train()
    optimizer = optimizer_for(name, model.parameters())
    loss_of = nn.CrossEntropyLoss()
    x = torch.randn(images, c, h, w).to(device)
    y = torch.randint(0, 10, (images,)).to(device)
    # CUDA runs asynchronously: the clock may only stop once the GPU has finished the pass.
    sync = torch.cuda.synchronize if device == "cuda" else (lambda: None)

    def one_pass():
        for start in range(0, images, batch):
            optimizer.zero_grad()
            loss_of(model(x[start:start + batch]), y[start:start + batch]).backward()
            optimizer.step()

    one_pass()  # warm-up: allocations, oneDNN's choice of kernels
    sync()
    start = time.perf_counter()
    one_pass()
    sync()
    seconds = time.perf_counter() - start
    return seconds, sum(p.numel() for p in model.parameters() if p.requires_grad)


def main():
    runs, threads, device = reference_args.parse(__doc__.split("\n")[0], devices=("cpu", "cuda"))
    if device == "cuda" and not torch.cuda.is_available():
        raise SystemExit(f"--device cuda: this PyTorch ({torch.__version__}) sees no CUDA GPU")
    torch.set_num_threads(threads)
    for name, hwc, batch, images in runs:
        seconds, params = train_seconds(name, hwc, batch, images, device)
        framework = "pytorch-cuda" if device == "cuda" else "pytorch"
        reference_args.report(name, framework, torch.__version__, threads, batch, images, params, seconds)


if __name__ == "__main__":
    main()
