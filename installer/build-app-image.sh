#!/usr/bin/env bash
# Builds a self-contained HemaReview app image (or a .deb with TYPE=deb) with jpackage (JDK 17+):
# a trimmed Java runtime, the jars, the bundled models, the sample data and the user guide.
# usage: installer/build-app-image.sh   ->  target/installer/hemareview/bin/hemareview
#        SKIP_BUILD=1 installer/build-app-image.sh   (target/hemareview.jar and target/lib already built)
set -euo pipefail
cd "$(dirname "$0")/.."
[ -n "${SKIP_BUILD:-}" ] || mvn -B -q package -DskipTests
for m in models/resnext-cc-slim/manifest.json models/cell-centres/centre-net.json; do
  [ -f "$m" ] || { echo "error: $m is missing: the app image would ship without its model" >&2; exit 1; }
done
rm -rf target/installer target/jpackage-input
mkdir -p target/jpackage-input/docs
cp target/hemareview.jar target/jpackage-input/
cp -r target/lib target/jpackage-input/lib
cp -r sample-data target/jpackage-input/sample-data
cp -r models target/jpackage-input/models
cp docs/user-guide.md docs/cli.md target/jpackage-input/docs/
jpackage --type "${TYPE:-app-image}" --dest target/installer --name hemareview \
  --app-version "$(grep -m1 '<version>' pom.xml | sed 's/[^0-9.]//g')" \
  --input target/jpackage-input --main-jar hemareview.jar --main-class org.hemareview.Launcher \
  --java-options "-Xmx3g -Dai.djl.offline=true -Dhemareview.samples=\$APPDIR/sample-data -Dhemareview.models=\$APPDIR/models" \
  --add-modules java.base,java.desktop,java.logging,java.scripting,java.sql,java.xml,java.naming,java.prefs,jdk.unsupported,jdk.unsupported.desktop,jdk.jfr \
  --jlink-options "--strip-debug --no-header-files --no-man-pages --strip-native-commands" \
  ${TYPE:+--linux-package-deps libgtk-3-0}
echo "built target/installer/hemareview (run target/installer/hemareview/bin/hemareview)"
