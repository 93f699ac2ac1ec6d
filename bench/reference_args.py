"""The command line of bench/pytorch_reference.py and bench/keras_reference.py, and the figures they share.

bench/run.ts passes --batch and --images for each model so that both sides of `--compare` train on the
same numbers; the defaults below are bench/run.ts's (BENCH_MODELS), for running a script by hand.
"""
import argparse
import json

# name: (input height, width, channels; batch; images per timed pass)
MODELS = {
    "lenet": ((28, 28, 1), 128, 8192),
    "resnet20": ((32, 32, 3), 128, 1024),
    "alexnet": ((224, 224, 1), 32, 64),
    "kerascnn": ((28, 28, 1), 64, 1024),
}

# How each model is trained (bench/run.ts's BenchModel.optimizer): "momentum" is SGD with momentum 0.9 and
# learning rate 0.01, "adam" Adam with learning rate 0.001 (notebook 11's recipe); no weight decay.
OPTIMIZERS = {"lenet": "momentum", "resnet20": "momentum", "alexnet": "momentum", "kerascnn": "adam"}


def _positive_int(text):
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected an integer >= 1, got {text!r}")
    return value


def parse(description, devices=None):
    """Returns (runs, threads): runs is a list of (name, (h, w, c), batch, images) in the order asked for.

    With devices (e.g. ("cpu", "cuda")) the script also takes --device and this returns (runs, threads, device)."""
    parser = argparse.ArgumentParser(description=description)
    if devices:
        parser.add_argument("--device", default=devices[0], choices=devices, help=f"where to train (default {devices[0]})")
    parser.add_argument("--models", default=",".join(MODELS), help="comma-separated subset of " + ", ".join(MODELS))
    parser.add_argument("--threads", type=_positive_int, default=1, help="threads the framework may use (default 1)")
    parser.add_argument("--batch", type=_positive_int, help="batch size (default: each model's, as bench/run.ts)")
    parser.add_argument("--images", type=_positive_int, help="images per timed pass (default: each model's)")
    args = parser.parse_args()
    names = [n.strip() for n in args.models.split(",") if n.strip()]
    for name in names:
        if name not in MODELS:
            parser.error(f"--models: unknown model {name!r}; known: {', '.join(MODELS)}")
    runs = [(name, MODELS[name][0], args.batch or MODELS[name][1], args.images or MODELS[name][2]) for name in names]
    return (runs, args.threads, args.device) if devices else (runs, args.threads)


def report(model, framework, version, threads, batch, images, params, seconds):
    """Prints the JSON line bench/run.ts reads."""
    print(json.dumps({
        "model": model, "framework": framework, "version": version, "threads": threads, "batch": batch,
        "images": images, "params": int(params), "images_per_s": round(images / seconds, 1),
    }), flush=True)
