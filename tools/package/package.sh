#!/usr/bin/env bash
# Builds LayerLoom as an installable application with the JDK's jpackage:
#   target/package/image/LayerLoom/   an application image with its own Java runtime (run bin/layerloom)
#   target/package/layerloom_VERSION_ARCH.deb   a Debian package of that image: /opt/layerloom,
#       /usr/bin/layerloom, a menu entry with the application icon, .json graphs open in LayerLoom
# Needs a JDK 17+ with jmods (jlink, jdeps, jpackage), Maven, dpkg-deb and fakeroot; see README.md.
#   tools/package/package.sh [--skip-build] [MAVEN OPTION...]   (for example -o to build offline)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
here="$root/tools/package"
out="$root/target/package"
app_target="$root/app/target"

die() { echo "package: $*" >&2; exit 2; }
step() { echo "package: $*" >&2; }

skip_build=false
if [ "${1:-}" = --skip-build ]; then skip_build=true; shift; fi

for tool in jlink jdeps jpackage; do
  command -v "$tool" >/dev/null 2>&1 || die "'$tool' is missing: it comes with a full JDK 17 or newer (for example 'apt-get install openjdk-17-jdk')."
done
java_home="$(dirname "$(dirname "$(readlink -f "$(command -v jlink)")")")"
[ -d "$java_home/jmods" ] || die "$java_home/jmods is missing: jlink needs the JDK's modules (for example 'apt-get install openjdk-17-jmods')."
for tool in dpkg-deb fakeroot; do
  command -v "$tool" >/dev/null 2>&1 || die "'$tool' is missing: jpackage builds the Debian package with it ('apt-get install dpkg-dev fakeroot')."
done

# jpackage wants a numeric version: 0.1.0-SNAPSHOT becomes 0.1.0.
version="$(sed -n '0,/<version>/s|.*<version>\([0-9.]*\).*</version>.*|\1|p' "$root/pom.xml")"
[ -n "$version" ] || die "no version found in $root/pom.xml."

if ! $skip_build; then
  step "building layerloom-app.jar and its libraries (mvn package -pl app -am, no tests)..."
  (cd "$root" && mvn -B -q -DskipTests -pl app -am package "$@") || die "the Maven build failed; its output is above."
fi
[ -f "$app_target/layerloom-app.jar" ] && [ -d "$app_target/lib" ] \
  || die "$app_target/layerloom-app.jar or lib/ is missing: run without --skip-build."

rm -rf "$out"
mkdir -p "$out/input/lib"

# The input: the thin jar and its libraries, as ./layerloom runs them (the jar's manifest names lib/*.jar).
# ND4J's generic native build is left out: the app always selects the oneDNN build (Dl4jRuntime.useOneDnn),
# and the generic one would add 91 MB of natives that never load.
cp "$app_target/layerloom-app.jar" "$out/input/"
host=""
for jar in "$app_target"/lib/*.jar; do
  name="$(basename "$jar")"
  case "$name" in
    nd4j-native-*-linux-x86_64.jar) [ -f "${jar%.jar}-onednn.jar" ] && continue ;;
  esac
  cp "$jar" "$out/input/lib/"
done
# Only the host's natives: .mvn/maven.config restricts the download to them; check it, so that a
# build with another javacpp.platform setting cannot ship every platform's libraries.
host="$(uname -s | tr '[:upper:]' '[:lower:]')-$(uname -m | sed -e 's/amd64/x86_64/' -e 's/aarch64/arm64/')"
foreign="$(cd "$out/input/lib" && ls | grep -E -- '-(linux|macosx|windows|android|ios)-[a-z0-9_]+(-[a-z0-9]+)?\.jar$' \
            | grep -v -- "-$host[.-]" || true)"
[ -z "$foreign" ] || die "natives of other platforms in app/target/lib (host: $host): $(echo $foreign). Build with .mvn/maven.config's -Djavacpp.platform.host."

# The Java runtime: only the modules the app and its libraries use, as jdeps finds them from the
# app's jar through the class path.
step "finding the JDK modules the app needs (jdeps, about a minute)..."
modules="$(cd "$out/input" && jdeps --multi-release 17 --ignore-missing-deps --print-module-deps \
             --class-path 'lib/*' layerloom-app.jar)" || die "jdeps failed; its output is above."
step "modules: $modules"
step "linking the runtime (jlink)..."
# bin/java stays (no --strip-native-commands): the installed layerloom command starts it as ./layerloom
# starts java; --generate-cds-archive needs it too (the JDK's classes load from a shared archive).
jlink --add-modules "$modules" --output "$out/runtime" \
      --strip-debug --no-man-pages --no-header-files --generate-cds-archive \
  || die "jlink failed; its output is above."

step "building the application image (jpackage --type app-image)..."
# -XX:+UseParallelGC as ./layerloom passes it: DL4J training runs about 1.25x faster than with G1 (docs/benchmarks.md).
jpackage --type app-image --dest "$out/image" \
  --name LayerLoom --app-version "$version" \
  --description "A visual designer for neural networks that targets Deeplearning4j" \
  --vendor "LayerLoom" --copyright "LayerLoom contributors" \
  --input "$out/input" --main-jar layerloom-app.jar --main-class io.layerloom.app.Main \
  --runtime-image "$out/runtime" \
  --icon "$root/icons/src/main/resources/io/layerloom/icons/app/layerloom-256.png" \
  --java-options "-XX:+UseParallelGC" \
  || die "jpackage (app-image) failed; its output is above."
# The command the menu entry and /usr/bin/layerloom run: the JVM options and environment of ./layerloom.
install -m 755 "$here/layerloom" "$out/image/LayerLoom/bin/layerloom"

step "building the Debian package (jpackage --type deb)..."
# gzip: the jars inside are compressed already, and dpkg-deb's default xz took 18 minutes on two busy
# cores for 6% less (205 MB against 217 MB); every dpkg reads gzip. DPKG_DEB_COMPRESSOR_TYPE=xz in the environment wins.
export DPKG_DEB_COMPRESSOR_TYPE="${DPKG_DEB_COMPRESSOR_TYPE:-gzip}"
jpackage --type deb --dest "$out" \
  --app-image "$out/image/LayerLoom" \
  --name LayerLoom --app-version "$version" \
  --description "A visual designer for neural networks that targets Deeplearning4j" \
  --vendor "LayerLoom" --copyright "LayerLoom contributors" \
  --icon "$root/icons/src/main/resources/io/layerloom/icons/app/layerloom-256.png" \
  --linux-package-name layerloom --install-dir /opt \
  --linux-shortcut --linux-menu-group "Education;ArtificialIntelligence" --linux-app-category science \
  --linux-deb-maintainer layerloom@users.noreply.github.com \
  --linux-package-deps "libgtk-3-0" \
  --file-associations "$here/graph-files.properties" \
  --resource-dir "$here/resources" \
  || die "jpackage (deb) failed; its output is above."

deb="$(ls "$out"/layerloom_*.deb)"
step "done:"
du -sh "$out/image/LayerLoom" "$deb" >&2
