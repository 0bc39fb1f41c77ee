#!/bin/sh
# Install every Debian 12 package vm74 needs to build, test, simulate and
# synthesize.  Safe to run again: apt-get skips what is already there.
# Called by the Makefile when a needed tool is missing, and by .ci/run.
set -eu

PACKAGES="
  make gcc g++ pkg-config
  gcc-riscv64-unknown-elf picolibc-riscv64-unknown-elf binutils-riscv64-unknown-elf
  libelf-dev libcmocka-dev
  verilator
  yosys nextpnr-ice40 fpga-icestorm
  z3 boolector
  gdb-multiarch
  libxml2-utils librsvg2-bin graphviz
"

if [ "$(id -u)" -eq 0 ]; then
    SUDO=""
elif command -v sudo >/dev/null 2>&1; then
    SUDO="sudo"
else
    echo "install-deps.sh: need root or sudo to run apt-get" >&2
    exit 1
fi

export DEBIAN_FRONTEND=noninteractive
# shellcheck disable=SC2086  # the package list is split on purpose
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $PACKAGES
