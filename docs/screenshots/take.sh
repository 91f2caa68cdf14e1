#!/usr/bin/env bash
# Takes a screenshot of the real HemaReview window under Xvfb.
# usage: docs/screenshots/take.sh OUT.png [SECONDS] [--click X,Y[,WAIT]]... [-- APP ARGS...]
#   --click clicks at screen position X,Y (1600x1000 screen) after SECONDS, then waits WAIT s (default 3)
#   --keys "K1 K2 ..." sends xdotool key names (e.g. "1 Return question"), 0.4 s apart, then waits 2 s
# needs: apt-get install xvfb xauth libgtk-3-0 imagemagick xdotool; mvn package -DskipTests first.
set -euo pipefail
out=$1; shift
wait_s=${1:-12}; shift || true
clicks=()
while [ $# -gt 0 ] && { [ "$1" = "--click" ] || [ "$1" = "--keys" ]; }; do
  if [ "$1" = "--click" ]; then clicks+=("$2"); else clicks+=("keys:$2"); fi
  shift 2
done
[ "${1:-}" = "--" ] && shift
ws=$(mktemp -d)/screenshot-workspace.db
app_args=$(printf '%q ' "$@")
script="java -Dprism.order=sw -Djava.util.prefs.userRoot=$(dirname "$ws") -jar target/hemareview.jar --workspace '$ws' $app_args &
app=\$!
sleep $wait_s
"
for c in "${clicks[@]+"${clicks[@]}"}"; do
  if [[ "$c" == keys:* ]]; then
    script+="xdotool key --delay 400 ${c#keys:}; sleep 2
"
    continue
  fi
  IFS=, read -r x y w <<<"$c"
  script+="xdotool mousemove $x $y click 1; sleep ${w:-3}
"
done
script+="import -window root '$out'
kill \$app"
xvfb-run -a -s "-screen 0 1600x1000x24" bash -c "$script"
echo "wrote $out"
