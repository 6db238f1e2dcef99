#!/usr/bin/env bash
# tools/gpu-check.sh -- does bertfit train right and fast on a GPU? (tools/gpu-check/README.md)
#   build [DEST]   on this machine: bundle the Node side into DEST (default .gpu-check), see gpu-check/build.sh
#   run [options]  where the checks run (the GPU machine, or here with --device cpu and small sizes):
#     --device cuda:0|cpu  --precision fp32|fp16 (train.precision of bertfit's run)  --size base|tiny
#     --steps 50  --batch 64  --seq 128  --bundle .gpu-check  --out DIR (default $OUT, else /tmp/gpu-check)
# run does (a) the parity fixture on the device against the CPU, fp32 within 1e-4 (TF32 off, and once
# more with it on where the device is a GPU, reported only); (b) bertfit training samples/s through the
# normal config, then PyTorch on the same card (fp16 autocast + GradScaler on cuda, fp32 on cpu) and the
# ratio; (c) that run's checkpoint scored by bertfit and by transformers' from_pretrained, logits compared.
# Every result is one JSON line in DIR/results.jsonl; the exit status is 1 if a check failed (skips do not fail).
set -uo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd); ROOT=$(cd "$HERE/.." && pwd)
mode=${1:-}; shift || true
case $mode in
  build) exec bash "$HERE/gpu-check/build.sh" "$@" ;;
  run) ;;
  *) echo "usage: tools/gpu-check.sh build [DEST] | run [--device cuda:0] [--precision fp32|fp16] [--size base|tiny] [--steps N] [--batch B] [--seq T] [--bundle DIR] [--out DIR]" >&2; exit 2 ;;
esac
device=cuda:0 precision=fp32 size=base steps=50 batch=64 seq=128 bundle=$ROOT/.gpu-check out=${OUT:-/tmp/gpu-check}
while [ $# -gt 0 ]; do
  case $1 in
    --device) device=$2 ;; --precision) precision=$2 ;; --size) size=$2 ;; --steps) steps=$2 ;;
    --batch) batch=$2 ;; --seq) seq=$2 ;; --bundle) bundle=$2 ;; --out) out=$2 ;;
    *) echo "gpu-check: unknown option $1" >&2; exit 2 ;;
  esac
  shift 2
done
[ -f "$bundle/gpu-check.cjs" ] || { echo "gpu-check: no $bundle/gpu-check.cjs: run tools/gpu-check.sh build first (and carry it)" >&2; exit 1; }
mkdir -p "$out"; results=$out/results.jsonl; : > "$results"; work=$(mktemp -d "${TMPDIR:-/tmp}/gpu-check.XXXXXX")
threads=(); [ "$device" = cpu ] && threads=(--threads 1)   # a shared CPU machine: one thread, as the house rules say
failed=0
# check NAME CMD...: runs one step, keeps its last stdout line (the JSON) in results.jsonl, its stderr in DIR/NAME.log.
check() {
  local name=$1; shift
  local line; line=$("$@" 2> "$out/$name.log" | tail -n 1)
  [ -n "$line" ] || line="{\"check\":\"$name\",\"ok\":false,\"error\":\"no output; see $name.log\"}"
  echo "$line" >> "$results"; echo "gpu-check $name: $line" | cut -c1-600
  case $line in *'"ok":false'*) failed=1 ;; esac
  LAST=$line
}
field() { python3 -c 'import json,sys; print(json.loads(sys.argv[1]).get(sys.argv[2], ""))' "$1" "$2"; }
node=(node "$bundle/gpu-check.cjs")

check doctor "${node[@]}" doctor
check parity env NVIDIA_TF32_OVERRIDE=0 "${node[@]}" parity --device "$device" --fixture "$ROOT/packages/train/test/fixtures/bert-parity"
[ "$device" = cpu ] || check parity-tf32 "${node[@]}" parity --device "$device" --fixture "$ROOT/packages/train/test/fixtures/bert-parity"
check train "${node[@]}" train --device "$device" --precision "$precision" --size "$size" --steps "$steps" --batch "$batch" --seq "$seq" --work "$work" "${threads[@]}"
ckpt=$(field "$LAST" checkpoint); ours=$(field "$LAST" samples_per_s)
torch_device=cpu torch_precision=fp32; [ "$device" = cpu ] || { torch_device=cuda:${device#cuda:}; torch_precision=fp16; }
if [ -n "$ckpt" ]; then
  check torch-train python3 "$HERE/gpu-check/torch_train.py" --config "$ckpt/config.json" --device "$torch_device" --precision "$torch_precision" --steps "$steps" --batch "$batch" --seq "$seq"
  theirs=$(field "$LAST" samples_per_s)
  if [ -n "$theirs" ]; then
    check ratio python3 -c 'import json,sys; a,b=float(sys.argv[1]),float(sys.argv[2]); print(json.dumps({"check":"ratio","bertfit_"+sys.argv[3]:a,"torch_"+sys.argv[4]:b,"bertfit_over_torch":round(a/b,3)}))' "$ours" "$theirs" "$precision" "$torch_precision"
  fi
  check logits env NVIDIA_TF32_OVERRIDE=0 "${node[@]}" logits --device "$device" --checkpoint "$ckpt" --rows 16 --seq "$seq" --out "$out/bertfit-logits.json"
  check hf-logits python3 "$HERE/gpu-check/hf_logits.py" --logits "$out/bertfit-logits.json" --device "$torch_device"
fi
rm -rf "$work"
echo "gpu-check: results in $results ($( [ $failed = 0 ] && echo all checks passed or skipped || echo SOME CHECKS FAILED))"
exit $failed
