#!/usr/bin/env bash
# tools/gpu-check/build.sh [DEST] -- on a machine with node_modules (this repo after `npm ci`): bundles
# tools/gpu-check/main.ts and the workspace packages into DEST/gpu-check.cjs (CommonJS, onnxruntime-node
# left out: the staged one is used) and copies resvg's native module beside it (the Trainer's report
# needs it and esbuild cannot inline a .node file). DEST inside the repo must be git-ignored, so a device call can carry it.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
DEST=${1:-.gpu-check}
cd "$ROOT"
case $(realpath -m "$DEST") in
  "$ROOT"/*) git check-ignore -q "$DEST/x" || { echo "gpu-check build: $DEST is not git-ignored (echo /$DEST/ >> .git/info/exclude)" >&2; exit 1; } ;;
esac
ESBUILD=node_modules/.bin/esbuild
[ -x "$ESBUILD" ] || { echo "gpu-check build: no $ESBUILD (run npm ci; tsx brings esbuild)" >&2; exit 1; }
rm -rf "$DEST" && mkdir -p "$DEST/node_modules/@resvg"
# import.meta.url → the bundle's own URL (repoRoot() walks up from it to nx.json); vega-canvas's node
# build awaits import('canvas') at top level, which CommonJS cannot hold: its browser build is the same
# without the optional node-canvas, which is not installed anyway.
"$ESBUILD" tools/gpu-check/main.ts --bundle --platform=node --format=cjs --target=node20 --log-level=warning \
  --external:onnxruntime-node --external:@resvg/resvg-js \
  --alias:vega-canvas=./node_modules/vega-canvas/build/vega-canvas.browser.js \
  --define:import.meta.url=importMetaUrl --inject:tools/gpu-check/import-meta-url.cjs \
  --outfile="$DEST/gpu-check.cjs"
cp -r node_modules/@resvg/resvg-js node_modules/@resvg/resvg-js-linux-x64-gnu "$DEST/node_modules/@resvg/"
echo "gpu-check build: $(du -sb "$DEST" | cut -f1) bytes in $DEST; carry [\"$DEST\"] in the check call"
