#!/bin/sh
# Runs the peer HL7 v2 parsers on the message the RadAssist.Hl7 benchmarks use.
# Needs the Debian packages python3-hl7 and nodejs/npm; installs @medplum/core into node_modules here.
set -eu
cd "$(dirname "$0")"
if [ ! -d node_modules/@medplum/core ]; then
    npm install --no-audit --no-fund
fi
/usr/bin/python3 python_hl7_bench.py
node medplum_bench.mjs
