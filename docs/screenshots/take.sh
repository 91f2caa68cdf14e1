#!/usr/bin/env bash
# Takes a screenshot of the real HemaReview window under Xvfb.
# usage: docs/screenshots/take.sh OUT.png [SECONDS] [-- APP ARGS...]
# needs: apt-get install xvfb xauth libgtk-3-0 imagemagick; mvn package -DskipTests first.
set -euo pipefail
out=$1; shift
wait_s=${1:-12}; shift || true
[ "${1:-}" = "--" ] && shift
ws=$(mktemp -d)/screenshot-workspace.db
xvfb-run -a -s "-screen 0 1600x1000x24" bash -c "
  java -Dprism.order=sw -Djava.util.prefs.userRoot=$(dirname "$ws") -jar target/hemareview.jar --workspace '$ws' $* &
  app=\$!
  sleep $wait_s
  import -window root '$out'
  kill \$app
"
echo "wrote $out"
