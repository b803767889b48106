#!/usr/bin/env bash
# Installs every Debian package LM-Predictor needs to build, test, fuzz and package.
# The single source of truth for dependencies: README.md and .ci/run both call this script.
set -euo pipefail

if [ "$(id -u)" -ne 0 ]; then
    SUDO=sudo
else
    SUDO=
fi

packages=(
    # toolchain
    build-essential cmake ninja-build pkg-config git
    clang libclang-rt-14-dev clang-format
    # Qt 6 and the GUI libraries
    qt6-base-dev qt6-base-dev-tools qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools
    qt6-svg-dev qt6-translations-l10n
    libqscintilla2-qt6-dev libqcustomplot-dev qtkeychain-qt6-dev
    # engine libraries
    nlohmann-json3-dev libbenchmark-dev
    # headless GUI runs, screenshots and export checks
    xvfb xauth imagemagick poppler-utils librsvg2-bin fonts-dejavu-core
    # the export-python test runs the generated package
    python3
    # the Debian package: CPack's dependency scan (file, dpkg-shlibdeps) and the checks CI runs on it
    file dpkg-dev lintian desktop-file-utils appstream
)

$SUDO apt-get update
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends "${packages[@]}"
