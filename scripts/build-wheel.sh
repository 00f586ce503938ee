#!/usr/bin/env bash
# Builds the Python wheel from the sources `jsii-pacmak --code-only` generated in
# dist-bindings/python, into dist-bindings/wheels.
#
# jsii-pacmak's own Python build creates a virtualenv and installs its build tools from PyPI,
# which this machine cannot reach; Debian's python3 with its setuptools and wheel packages builds
# the same sources instead. Where no Python has both, the sources are the product and this says
# so; the release workflow builds the wheel with jsii-pacmak (docs/languages.md).
set -euo pipefail
cd "$(dirname "$0")/.."
SRC=dist-bindings/python
OUT=dist-bindings/wheels
[ -f "$SRC/setup.py" ] || { echo "no Python sources in $SRC: run jsii-pacmak first" >&2; exit 1; }
for py in /usr/bin/python3 python3; do
  if command -v "$py" >/dev/null && "$py" -c 'import setuptools, wheel' 2>/dev/null; then
    rm -rf "$OUT"
    # setuptools' notices (deprecated setup.py, no byte-compiling) only matter when the build fails.
    if ! log="$(cd "$SRC" && PYTHONWARNINGS=ignore "$py" setup.py -q bdist_wheel -d "../wheels" 2>&1)"; then
      echo "$log" >&2
      exit 1
    fi
    rm -rf "$SRC/build" "$SRC"/src/*.egg-info
    echo "built $(ls "$OUT"/*.whl) with $("$py" --version)"
    exit 0
  fi
done
echo "no Python with setuptools and wheel here: Python sources only ($SRC)"
