#!/usr/bin/env bash
# Builds the Debian package from a Release build (cpack -G DEB), checks it with lintian, desktop-file-validate and
# appstreamcli, installs it with apt-get and runs the installed programs. CI runs it after the tests; it needs
# root (or sudo) for the install, and removes the package again at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${LMP_PACKAGE_BUILD_DIR:-build-package}
if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi

# Debian's compiler and linker flags (hardening: fortify, stack protector, relro, bindnow), the /usr prefix (the
# chart module in /usr/lib/<multiarch>/lm-predictor), no tests.
export DEB_BUILD_MAINT_OPTIONS=hardening=+all
CPPFLAGS=$(dpkg-buildflags --get CPPFLAGS)
CXXFLAGS="$(dpkg-buildflags --get CXXFLAGS) $CPPFLAGS"
LDFLAGS=$(dpkg-buildflags --get LDFLAGS)
export CXXFLAGS LDFLAGS
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX=/usr -DLMP_TESTS=OFF
cmake --build "$build" --parallel "$(nproc)"
rm -f "$build"/lm-predictor_*.deb
(cd "$build" && cpack -G DEB)
deb=$(realpath "$(ls "$build"/lm-predictor_*.deb)") # apt-get install takes a path with a slash
echo "== $deb"
dpkg-deb --info "$deb"
dpkg-deb --contents "$deb"

version=$(dpkg-deb --field "$deb" Version)
project_version=$(sed -n 's/^project(LMPredictor VERSION \([0-9.]*\).*/\1/p' CMakeLists.txt)
[ "$version" = "$project_version" ] || { echo "package version $version, project $project_version"; exit 1; }
# What the package must hold besides the programs.
contents=$(dpkg-deb --contents "$deb")
for path in ./usr/bin/lm-predictor ./usr/bin/lmp ./usr/share/applications/lm-predictor.desktop \
    ./usr/share/metainfo/io.github.lm_predictor.LMPredictor.metainfo.xml \
    ./usr/share/icons/hicolor/scalable/apps/lm-predictor.svg ./usr/share/icons/hicolor/48x48/apps/lm-predictor.png \
    ./usr/share/icons/hicolor/256x256/apps/lm-predictor.png ./usr/share/man/man1/lmp.1.gz \
    ./usr/share/man/man1/lm-predictor.1.gz ./usr/share/bash-completion/completions/lmp \
    ./usr/share/doc/lm-predictor/copyright ./usr/share/doc/lm-predictor/changelog.gz; do
    grep -q " $path\$" <<<"$contents" || { echo "the package lacks $path"; exit 1; }
done
grep -q "lmp-charts.so\$" <<<"$contents" || { echo "the package lacks the chart module"; exit 1; }

# lintian: no errors (warnings and notes are printed, not fatal).
lintian --fail-on error --info --display-level '>=warning' "$deb"
desktop-file-validate packaging/lm-predictor.desktop
appstreamcli validate --no-net packaging/io.github.lm_predictor.LMPredictor.metainfo.xml

# Installed like any package: apt-get resolves the Depends that dpkg-shlibdeps wrote.
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y "$deb"
trap '$SUDO env DEBIAN_FRONTEND=noninteractive apt-get remove -y lm-predictor >/dev/null' EXIT
installed_version=$(/usr/bin/lmp --version)
echo "$installed_version"
grep -q "$project_version" <<<"$installed_version"
/usr/bin/lm-predictor --version | grep -q "$project_version"
/usr/bin/lmp analyze meta-llama/Llama-2-7b-hf --seq 128 --hardware nvidia-h100-sxm
shot=$(mktemp -d)/window.png
XDG_RUNTIME_DIR=$(mktemp -d) QT_QPA_PLATFORM=offscreen /usr/bin/lm-predictor --screenshot "$shot" --fresh \
    --size 1280x800 meta-llama/Llama-2-7b-hf
file "$shot" | grep -q "PNG image data, 1280 x 800"
# The chart module installed under the library folder: a report with charts and a plot.
/usr/bin/lmp plot roofline meta-llama/Llama-2-7b-hf --hardware nvidia-h100-sxm -o "$(dirname "$shot")/roofline.svg"
test -s "$(dirname "$shot")/roofline.svg"
echo "== the package builds, passes lintian, installs and runs"
