#!/bin/bash
# The reliability battery of docs/reliability.md: bad inputs through `analyze`, SIGKILLs in the middle
# of `analyze`, and tampering with a workspace behind the app's back (plain sqlite3).
# Run from the repository root after `mvn -B package -DskipTests`:  src/test/scripts/reliability-battery.sh [KILLS]
set -u
KILLS=${1:-10}
J="java -Dai.djl.offline=true -jar target/hemareview.jar"
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
S=sample-data/composed/composed-001.jpg
python3 - "$W/in" "$S" <<'PY'
import os, sys, struct, zlib
d, smear = sys.argv[1], open(sys.argv[2], 'rb').read()
os.makedirs(d)
def w(name, data): open(os.path.join(d, name), 'wb').write(data)
n = len(smear); mid = n // 2
w('empty.jpg', b'')
w('one-byte.jpg', b'\xff')
w('text.jpg', b'this is not an image\n' * 20)
w('random.jpg', os.urandom(50000))
w('truncated-half.jpg', smear[:mid])
w('truncated-eoi.jpg', smear[:mid] + b'\xff\xd9')
w('header-only.jpg', smear[:600])
w('bitflip.jpg', smear[:mid] + bytes(b ^ 0x5a for b in smear[mid:mid + 40]) + smear[mid + 40:])
w('spliced.jpg', smear[:mid] + smear[mid + 5000:])
w('inserted.jpg', smear[:mid] + b'\xff\x12\x34' + smear[mid:])
w('jpeg-named.png', smear)
w('soi-only.jpg', b'\xff\xd8\xff\xd9')
def png(wd, ht, raw, ctype=2, depth=8):
    ihdr = struct.pack('>IIBBBBB', wd, ht, depth, ctype, 0, 0, 0)
    chunk = lambda t, b: struct.pack('>I', len(b)) + t + b + struct.pack('>I', zlib.crc32(t + b) & 0xffffffff)
    return b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', ihdr) + chunk(b'IDAT', zlib.compress(raw)) + chunk(b'IEND', b'')
w('png-1x1.png', png(1, 1, b'\x00\xff\x00\x00'))
w('png-strip.png', png(10240, 40, b''.join(b'\x00' + b'\xc8' * 10240 * 3 for _ in range(40))))
w('png-huge-header.png', png(100000, 100000, b'\x00'))
w('png-truncated.png', png(64, 64, b''.join(b'\x00' + b'\x80' * 192 for _ in range(64)))[:-30])
w('png-bad-crc.png', png(64, 64, b''.join(b'\x00' + b'\x80' * 192 for _ in range(64)))[:-5] + b'XXXX\x00')
w('png-grey.png', png(640, 480, b''.join(b'\x00' + b'\x80' * 640 for _ in range(480)), ctype=0))
w('png-white.png', png(640, 480, b''.join(b'\x00' + b'\xff' * 1920 for _ in range(480))))
w('png-black.png', png(640, 480, b''.join(b'\x00' + b'\x00' * 1920 for _ in range(480))))
w('png-16bit.png', png(320, 240, b''.join(b'\x00' + b'\x80\x00' * 960 for _ in range(240)), depth=16))
w('bmp-garbage.bmp', b'BM' + os.urandom(4000))
w('tiff-garbage.tif', b'II*\x00' + os.urandom(4000))
PY
mkfifo "$W/in/fifo.jpg"
mkdir "$W/in/folder.jpg"
ln -s /dev/zero "$W/in/zero.jpg"
ln -s "$W/in/nowhere.jpg" "$W/in/dangling.jpg"
inputs=("$W"/in/*)
$J analyze --workspace "$W/inputs.db" --json "$W/inputs.json" "${inputs[@]}" > "$W/inputs.out" 2> "$W/inputs.err"
rc=$?
python3 - "$W/inputs.json" "${#inputs[@]}" "$rc" "$W/inputs.err" <<'PY'
import json, sys
out = json.load(open(sys.argv[1])); n = int(sys.argv[2]); err = open(sys.argv[4]).read()
failed = [o for o in out if 'error' in o]; ok = [o for o in out if 'error' not in o]
traces = err.count('\tat ') + err.count('Exception in thread')
print(f"inputs: {n} tried, {len(out)} in the JSON, {len(failed)} refused with a message, {len(ok)} analysed "
      f"({sum(1 for o in ok if o.get('warnings'))} with a warning), exit {sys.argv[3]}, stack traces on stderr: {traces}")
for o in ok:
    print('  analysed:', o['image'].split('/')[-1], o.get('warnings', ''))
PY
# kills: analyze five smears, SIGKILL at a random moment, then the workspace must be whole
survived=0
for k in $(seq 1 "$KILLS"); do
  db="$W/kill-$k.db"
  $J analyze --workspace "$db" sample-data/composed/composed-00{1,2,3,4,5}.jpg > /dev/null 2>&1 &
  pid=$!
  sleep "$(python3 -c "import random; print(round(random.uniform(3, 12), 1))")"
  kill -9 "$pid" 2> /dev/null; wait "$pid" 2> /dev/null
  ok=1
  [ -f "$db" ] || { survived=$((survived + 1)); continue; }
  [ "$(sqlite3 "$db" 'PRAGMA integrity_check')" = ok ] || ok=0
  half=$(sqlite3 "$db" "SELECT count(*) FROM smears s WHERE EXISTS (SELECT 1 FROM cells c WHERE c.smear_id = s.id)
                        AND NOT EXISTS (SELECT 1 FROM predictions p JOIN cells c ON p.cell_id = c.id WHERE c.smear_id = s.id)" 2> /dev/null || echo x)
  [ "$half" = 0 ] || ok=0
  $J verify --workspace "$db" > /dev/null 2>&1 || ok=0
  $J analyze --workspace "$db" sample-data/composed/composed-001.jpg > /dev/null 2>&1 || ok=0
  survived=$((survived + ok))
done
echo "kills: $survived of $KILLS survived (integrity_check ok, no smear with cells but no calls, verify intact, the next analyze works)"
# tampering behind the app's back: each must be named by `verify` (exit 1)
base="$W/tamper.db"
$J analyze --workspace "$base" sample-data/composed/composed-001.jpg > /dev/null 2>&1
detected=0; tried=0
tamper() { # description, SQL
  tried=$((tried + 1)); cp "$base" "$W/t.db"
  sqlite3 "$W/t.db" "$2" 2> /dev/null
  if $J verify --workspace "$W/t.db" > /dev/null 2>&1; then echo "  NOT detected: $1"; else detected=$((detected + 1)); fi
}
trig() { sqlite3 "$base" "SELECT sql FROM sqlite_master WHERE type='trigger' AND tbl_name='audit_log'" | sed 's/$/;/'; }
T=$(trig)
drops=$(sqlite3 "$base" "SELECT 'DROP TRIGGER ' || name || ';' FROM sqlite_master WHERE type='trigger' AND tbl_name='audit_log'")
tamper "an audit event's details changed" "$drops UPDATE audit_log SET details = 'x' WHERE id = (SELECT max(id) FROM audit_log); $T"
tamper "an audit event deleted" "$drops DELETE FROM audit_log WHERE id = (SELECT min(id) FROM audit_log); $T"
tamper "an audit event inserted" "INSERT INTO audit_log (actor, action, subject, details, at) VALUES ('mallory', 'smear.signed', 'smear:1', '{}', '2026-01-01T00:00:00Z')"
tamper "the audit log's last event removed" "$drops DELETE FROM audit_log WHERE id = (SELECT max(id) FROM audit_log); $T"
tamper "a decision inserted" "INSERT INTO decisions (cell_id, reviewer, label, kind, decided_at) VALUES ((SELECT min(id) FROM cells), 'mallory', 'blast', 'assign', '2026-01-01T00:00:00Z')"
tamper "a cell's calls deleted" "DELETE FROM predictions WHERE cell_id = (SELECT min(id) FROM cells)"
echo "tampering: $detected of $tried detected by verify"
