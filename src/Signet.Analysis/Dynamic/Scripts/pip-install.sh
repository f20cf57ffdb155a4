# PyPI install phase: pip installs the wheel or builds the sdist offline (no index, no dependencies, no isolated build env).
# Arguments: PACKAGE-FILE
cd /work || exit 98
exec python3 -m pip install --no-index --no-deps --no-build-isolation --disable-pip-version-check --no-warn-script-location --target /work/site "$1"
