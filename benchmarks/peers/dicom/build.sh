#!/bin/sh
# Compiles the dcmtk peer against Debian's libdcmtk-dev (dcmtk 3.6.7 on this machine).
set -eu
cd "$(dirname "$0")"
g++ -O2 -std=c++17 -o dcmtk_sr dcmtk_sr.cc -ldcmsr -ldcmdata -loflog -lofstd -lpthread
