#!/bin/sh
# Runs the DICOM SR comparison side by side: dcmtk (dcmsr C++ API), pydicom, then RadAssist's BenchmarkDotNet suite.
# Each peer times only its in-process build-and-encode loop. Needs Debian's libdcmtk-dev, g++ and python3-pydicom.
set -eu
cd "$(dirname "$0")"
./build.sh
./dcmtk_sr 10 300
./dcmtk_sr 1000 5
/usr/bin/python3 pydicom_sr.py 10 20
/usr/bin/python3 pydicom_sr.py 1000 1
cd ../../RadAssist.Benchmarks
dotnet run -c Release -- --filter '*SrBenchmarks*' '*Part10WriterBenchmarks*' '*Part10ReaderBenchmarks*' --job short --inProcess --artifacts /tmp/radassist-dicom-bench
