# PyPI import phase: import each top-level module the package installed.
# Arguments: MODULE...
cd /work || exit 98
PYTHONPATH=/work/site exec python3 -c 'import importlib, sys
for m in sys.argv[1:]:
    importlib.import_module(m)' "$@"
