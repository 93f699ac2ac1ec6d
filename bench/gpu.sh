#!/usr/bin/env bash
# bench/gpu.sh [OUT.md]: the GPU rows of bench/README.md in one shot, within 10 minutes, on a machine
# with an NVIDIA GPU (issue 21). Each part runs only where it can and otherwise prints one line saying
# why it was skipped; on a machine without a GPU every part skips and the script still exits 0.
#   1. cnnlab on @tensorflow/tfjs-node-gpu (CNNLAB_BACKEND=tensorflow), installed with npm if missing
#   2. cnnlab on webgpu (Dawn, the `webgpu` npm package; CNNLAB_BACKEND=webgpu)
#   3. bench/pytorch_reference.py --device cuda
#   4. bench/keras_reference.py, where TensorFlow sees the GPU
# Rows (markdown, one per model and part) go to OUT.md (default bench/gpu-results.md) and stdout;
# the raw JSON lines and logs go beside it in OUT.log.
set -u
cd "$(dirname "$0")/.."
OUT=${1:-bench/gpu-results.md}
LOG=${OUT%.md}.log
: >"$LOG"
SCALE=${CNNLAB_GPU_IMAGES_SCALE:-1}   # images per timed pass, scaled (bench/run.ts --images-scale)
PY=${PYTHON:-python3}

skip() { echo "skipped $1: $2" | tee -a "$LOG"; }
rows() { # JSON lines on stdin -> markdown rows "| model | what | device | batch | images/s |"
  node -e '
    const [what, device] = process.argv.slice(1);
    let out = "";
    for (const line of require("fs").readFileSync(0, "utf8").split("\n")) {
      let j; try { j = JSON.parse(line); } catch { continue; }
      if (j.model === undefined || j.images_per_s === undefined) continue;
      const name = what + (j.version ? ` ${j.version}` : j.backend ? ` (${j.backend})` : "");
      out += `| ${j.model} | ${name} | ${device} | ${j.batch} | ${Number(j.images_per_s).toLocaleString("en-US")} |\n`;
    }
    process.stdout.write(out);' "$1" "$2" | tee -a "$OUT"
}

GPU=$(nvidia-smi --query-gpu=name --format=csv,noheader 2>/dev/null | head -1)
{
  echo "GPU rows measured $(date -u +%Y-%m-%d) on ${GPU:-no GPU} ($(nproc) cores; node $(node --version))"
  echo
  echo "| model | framework | device | batch | images/s |"
  echo "|---|---|---:|---:|---:|"
} >"$OUT"
[ -n "$GPU" ] || echo "no NVIDIA GPU here (nvidia-smi lists none): every part will skip" | tee -a "$LOG"

# The library's build (bench/run.ts and the CLI).
if [ ! -f dist/bench/run.js ]; then npx tsc -p tsconfig.json >>"$LOG" 2>&1 || { echo "bench/gpu.sh: the build failed, see $LOG"; exit 1; }; fi

bench_cnnlab() { # $1 backend, $2 label; seconds budget $3
  CNNLAB_BACKEND=$1 timeout "$3" node dist/bench/run.js --images-scale "$SCALE" 2>>"$LOG" | tee -a "$LOG" | rows "cnnlab $2" "$GPU"
}

# 1. tfjs-node-gpu: needs CUDA 11.2 + cuDNN 8.1 (see README, GPU training); the ladder says when it runs on the CPU.
if [ -z "$GPU" ]; then skip "cnnlab on tfjs-node-gpu" "no NVIDIA GPU"
else
  if ! node -e 'require.resolve("@tensorflow/tfjs-node-gpu")' 2>/dev/null; then
    timeout 120 npm install --no-save --no-audit --no-fund @tensorflow/tfjs-node-gpu >>"$LOG" 2>&1
  fi
  if ! node -e 'require.resolve("@tensorflow/tfjs-node-gpu")' 2>/dev/null; then skip "cnnlab on tfjs-node-gpu" "@tensorflow/tfjs-node-gpu could not be installed (see $LOG)"
  else
    info=$(CNNLAB_BACKEND=tensorflow timeout 60 node bin/cnnlab.js info 2>&1); echo "$info" >>"$LOG"
    if echo "$info" | grep -q "^backend: tensorflow .*GPU"; then bench_cnnlab tensorflow "tfjs-node-gpu" 170
    else skip "cnnlab on tfjs-node-gpu" "libtensorflow found no usable GPU: $(echo "$info" | grep -m1 -i "gpu" || echo "$info" | tail -1)"; fi
  fi
fi

# 2. webgpu through Dawn (needs the Vulkan loader and the GPU's Vulkan driver).
info=$(CNNLAB_BACKEND=webgpu timeout 60 node bin/cnnlab.js info 2>&1); echo "$info" >>"$LOG"
if echo "$info" | grep -q "^backend: webgpu"; then bench_cnnlab webgpu "webgpu" 170
else skip "cnnlab on webgpu" "$(echo "$info" | grep -m1 "cannot be used" || echo "$info" | tail -1)"; fi

# 3. PyTorch on CUDA.
if ! $PY -c 'import torch' 2>/dev/null; then skip "pytorch --device cuda" "$PY cannot import torch"
elif ! $PY -c 'import sys, torch; sys.exit(0 if torch.cuda.is_available() else 1)' 2>/dev/null; then skip "pytorch --device cuda" "this PyTorch sees no CUDA GPU"
else (cd bench && timeout 120 $PY pytorch_reference.py --device cuda 2>>"../$LOG") | tee -a "$LOG" | rows "PyTorch" "$GPU"; fi

# 4. Keras (TensorFlow) on the GPU: TensorFlow places the model on the GPU by itself when it sees one.
if ! $PY -c 'import tensorflow' 2>/dev/null; then skip "keras on the GPU" "$PY cannot import tensorflow"
elif ! $PY -c 'import sys, tensorflow as tf; sys.exit(0 if tf.config.list_physical_devices("GPU") else 1)' 2>/dev/null; then skip "keras on the GPU" "TensorFlow sees no GPU"
else (cd bench && timeout 150 $PY keras_reference.py 2>>"../$LOG") | tee -a "$LOG" | rows "TensorFlow (Keras)" "$GPU"; fi

echo "rows: $OUT (log: $LOG)"
