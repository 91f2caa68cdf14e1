#!/usr/bin/env bash
# Builds a self-contained HemaReview app image (or a .deb with TYPE=deb) with jpackage (JDK 17+).
# usage: installer/build-app-image.sh   ->  target/installer/HemaReview/bin/HemaReview
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q package -DskipTests
rm -rf target/installer target/jpackage-input
mkdir -p target/jpackage-input
cp target/hemareview.jar target/jpackage-input/
cp -r target/lib target/jpackage-input/lib
cp -r sample-data target/jpackage-input/sample-data
jpackage --type "${TYPE:-app-image}" --dest target/installer --name HemaReview \
  --app-version "$(grep -m1 '<version>' pom.xml | sed 's/[^0-9.]//g')" \
  --input target/jpackage-input --main-jar hemareview.jar --main-class org.hemareview.Launcher \
  --java-options "-Dai.djl.offline=true -Dhemareview.samples=\$APPDIR/sample-data" \
  --add-modules java.base,java.desktop,java.logging,java.scripting,java.sql,java.xml,java.naming,java.prefs,jdk.unsupported,jdk.unsupported.desktop,jdk.jfr \
  --jlink-options "--strip-debug --no-header-files --no-man-pages --strip-native-commands" \
  ${TYPE:+--linux-package-deps libgtk-3-0}
echo "built target/installer"
