#!/usr/bin/env bash
# Runs a built app image as a new user would, from an unrelated folder with a fresh HOME, headless:
# --version, segment on a sample smear (the centre network must be in use), classify --smear
# (classes must be present). Fails if a model is missing. usage: installer/check-app-image.sh [APP_DIR]
set -euo pipefail
app=$(cd "${1:-$(dirname "$0")/../target/installer/hemareview}" && pwd)
bin="$app/bin/hemareview"
smear="$app/lib/app/sample-data/composed/composed-001.jpg"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
export HOME="$work/home"
mkdir -p "$HOME"
fail() { echo "app image check FAILED: $*" >&2; exit 1; }
[ -x "$bin" ] || fail "$bin is not there"
[ -f "$smear" ] || fail "the sample smears are not in the image"
"$bin" --version | grep -q '^HemaReview ' || fail "--version"
"$bin" segment --json seg.json "$smear" 2> seg.err || { cat seg.err >&2; fail "segment"; }
grep -q '"cell_centre_network" : true' seg.json || { cat seg.err >&2; fail "segment ran without the cell-centre network"; }
"$bin" classify --smear --json calls.json "$smear" 2> cls.err || { cat cls.err >&2; fail "classify --smear"; }
grep -q '"predicted"' calls.json || fail "classify --smear wrote no classes"
[ ! -e "$work/models" ] || fail "a models folder appeared in the working folder"
echo "app image check passed: $(grep -c '"predicted"' calls.json) cells classified from $work"
