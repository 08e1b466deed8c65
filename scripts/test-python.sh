#!/usr/bin/env bash
# Tests of the Python package (crates/python) and of the Spark job (spark/): builds the wheel
# with maturin into a virtual environment under target/, installs pytest and pyspark there,
# and runs pytest. Needs Python 3.9+ with venv, and Java 17+ for Spark (installed with
# apt-get when missing and this runs as root). The tests compare against the whosaid binary
# in $WHOSAID_BIN, else target/release/whosaid or target/debug/whosaid.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v java >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "== installing Java for Spark (openjdk-17-jre-headless)"
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends openjdk-17-jre-headless >/dev/null
    else
        echo "warning: no java: the Spark tests will be skipped" >&2
    fi
fi

venv=target/python-venv
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
fi
"$venv/bin/pip" install -q --disable-pip-version-check "maturin>=1.5,<2" "pytest>=7" "pyspark>=4,<5"

echo "== building the wheel"
rm -rf target/wheels
"$venv/bin/maturin" build --release --locked -m crates/python/Cargo.toml -o target/wheels
"$venv/bin/pip" install -q --force-reinstall --no-deps target/wheels/whosaid-*.whl

echo "== pytest"
"$venv/bin/python" -m pytest -q crates/python/tests -p no:cacheprovider
