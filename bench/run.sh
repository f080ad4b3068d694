#!/usr/bin/env bash
# Gatehouse benchmark: Gatehouse side by side with plain Spring Cloud Gateway and nginx, one run, interleaved.
# What it measures and how to read it: bench/README.md.   Run from anywhere:  bash bench/run.sh
set -euo pipefail

# ---------------------------------------------------------------------------------------------------------
# Knobs (environment). Everything listens on 127.0.0.1 only.
# ---------------------------------------------------------------------------------------------------------
UPSTREAM_PORT=${UPSTREAM_PORT:-18080}        # nginx serving the static "legacy site"
NGINX_PROXY_PORT=${NGINX_PROXY_PORT:-18081}  # nginx as a reverse proxy to it
SCG_PORT=${SCG_PORT:-18082}                  # plain Spring Cloud Gateway baseline
GATEHOUSE_PORT=${GATEHOUSE_PORT:-18083}      # Gatehouse
GATEHOUSE_MGMT_PORT=${GATEHOUSE_MGMT_PORT:-18093}
REDIS_PORT=${REDIS_PORT:-18379}              # redis-server started by this script, no persistence

ROUNDS=${ROUNDS:-3}                # interleaved rounds; the table shows the median of the rounds
DURATION=${DURATION:-15}           # seconds of load per target per round
WARMUP=${WARMUP:-20}               # seconds of load per target before the first round (JIT)
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-2}
JAVA_OPTS=${JAVA_OPTS:--Xms512m -Xmx512m}   # the same for the SCG baseline and Gatehouse
SKIP_BUILD=${SKIP_BUILD:-0}        # 1: reuse target/gatehouse.jar and bench/baseline/target/scg-baseline.jar
PROFILE=${PROFILE:-0}              # 1: one extra verified run under JFR; top frames go into the results
NOTE=${NOTE:-}                     # a remark for RESULTS.md, e.g. "preliminary, measured while other builds ran"
RESULTS=${RESULTS:-bench/RESULTS.md}

HOST=127.0.0.1
PAGE_BYTES=2048
BENCH_USER=bench@example.org

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
OUT=$ROOT/bench/out                # logs and the run's files (git-ignored), kept for inspection
COMMAND="ROUNDS=$ROUNDS DURATION=$DURATION WARMUP=$WARMUP CONNECTIONS=$CONNECTIONS THREADS=$THREADS JAVA_OPTS='$JAVA_OPTS' bash bench/run.sh"

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
fail() { log "FAILED: $*"; exit 1; }

for knob in ROUNDS DURATION WARMUP CONNECTIONS THREADS; do
  [[ ${!knob} =~ ^[1-9][0-9]*$ ]] || fail "$knob must be a positive integer, was '${!knob}'"
done

# ---------------------------------------------------------------------------------------------------------
# Everything started here is stopped on exit, whatever happens.
# ---------------------------------------------------------------------------------------------------------
PIDS=()
cleanup() {
  local status=$?
  trap - EXIT INT TERM
  local i pid waited
  for ((i = ${#PIDS[@]} - 1; i >= 0; i--)); do
    pid=${PIDS[i]}
    kill -TERM "$pid" 2>/dev/null || continue
  done
  for pid in "${PIDS[@]}"; do
    waited=0
    while kill -0 "$pid" 2>/dev/null && ((waited < 150)); do sleep 0.1; waited=$((waited + 1)); done
    if kill -0 "$pid" 2>/dev/null; then
      log "pid $pid did not stop in 15 s; killing it"
      kill -KILL "$pid" 2>/dev/null || true
    fi
    wait "$pid" 2>/dev/null || true
  done
  if ((status != 0)); then log "exit status $status; logs in $OUT"; fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ---------------------------------------------------------------------------------------------------------
# 1. Tools
# ---------------------------------------------------------------------------------------------------------
need_install=()
command -v wrk >/dev/null || need_install+=(wrk)
command -v nginx >/dev/null || [[ -x /usr/sbin/nginx ]] || need_install+=(nginx)
command -v redis-server >/dev/null || need_install+=(redis-server)
command -v redis-cli >/dev/null || need_install+=(redis-tools)
command -v curl >/dev/null || need_install+=(curl)
command -v java >/dev/null || need_install+=(openjdk-17-jdk-headless)
command -v mvn >/dev/null || need_install+=(maven)
command -v python3 >/dev/null || need_install+=(python3)
command -v openssl >/dev/null || need_install+=(openssl)
if ((${#need_install[@]})); then
  [[ $(id -u) == 0 ]] || fail "missing ${need_install[*]}; run as root or: sudo apt-get install -y ${need_install[*]}"
  log "installing ${need_install[*]} (apt-get)"
  apt-get update -qq
  # Debian starts no services inside containers (policy-rc.d); elsewhere the packaged nginx/redis services
  # may start on their default ports, which this script does not use.
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_install[@]}" >/dev/null
fi
export PATH=$PATH:/usr/sbin
command -v jcmd >/dev/null || { ((PROFILE == 0)) || fail "PROFILE=1 needs jcmd and jfr (a JDK)"; }

for port in "$UPSTREAM_PORT" "$NGINX_PROXY_PORT" "$SCG_PORT" "$GATEHOUSE_PORT" "$GATEHOUSE_MGMT_PORT" "$REDIS_PORT"; do
  if (exec 3<>"/dev/tcp/$HOST/$port") 2>/dev/null; then
    fail "port $port on $HOST is already in use (set the *_PORT variables to free ones)"
  fi
done

rm -rf "$OUT"
mkdir -p "$OUT"/www/public "$OUT"/nginx/tmp "$OUT"/gatehouse "$OUT"/redis "$OUT"/wrk
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)

# ---------------------------------------------------------------------------------------------------------
# 2. Build
# ---------------------------------------------------------------------------------------------------------
if [[ $SKIP_BUILD != 1 ]]; then
  log "building Gatehouse (mvn -q -DskipTests package)"
  mvn -q -DskipTests package >"$OUT/build-gatehouse.log" 2>&1 || { tail -30 "$OUT/build-gatehouse.log" >&2; fail "Gatehouse build"; }
  log "building the plain SCG baseline (bench/baseline)"
  mvn -q -f bench/baseline/pom.xml -DskipTests package >"$OUT/build-baseline.log" 2>&1 \
    || { tail -30 "$OUT/build-baseline.log" >&2; fail "baseline build"; }
fi
GATEHOUSE_JAR=$ROOT/target/gatehouse.jar
BASELINE_JAR=$ROOT/bench/baseline/target/scg-baseline.jar
[[ -f $GATEHOUSE_JAR ]] || fail "$GATEHOUSE_JAR missing"
[[ -f $BASELINE_JAR ]] || fail "$BASELINE_JAR missing"

# ---------------------------------------------------------------------------------------------------------
# 3. Start: static upstream + nginx proxy (one nginx), redis-server, plain SCG, Gatehouse
# ---------------------------------------------------------------------------------------------------------
# The page: exactly 2048 bytes of HTML, the same under /public/ (a bypass route in Gatehouse).
python3 - "$OUT/www/page.html" "$PAGE_BYTES" <<'PY'
import sys
path, size = sys.argv[1], int(sys.argv[2])
head = '<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>Bench page</title></head>\n<body>\n<h1>Legacy admin</h1>\n'
tail = '<p id="bench-end">end of bench page</p>\n</body></html>\n'
line = "<p>Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor.</p>\n"
lines = (size - len(head) - len(tail)) // len(line)
filler = size - len(head) - len(tail) - lines * len(line)
page = head + line * lines + " " * filler + tail
assert len(page.encode()) == size
open(path, "w").write(page)
PY
cp "$OUT/www/page.html" "$OUT/www/public/page.html"

NGINX_USER=""
[[ $(id -u) == 0 ]] && NGINX_USER="user root root;"   # workers read this run's files
cat >"$OUT/nginx/nginx.conf" <<EOF
$NGINX_USER
daemon off;
worker_processes auto;
pid $OUT/nginx/nginx.pid;
error_log $OUT/nginx/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  types { text/html html; }
  default_type application/octet-stream;
  keepalive_requests 1000000;
  keepalive_timeout 75s;
  client_body_temp_path $OUT/nginx/tmp/body;
  proxy_temp_path $OUT/nginx/tmp/proxy;
  fastcgi_temp_path $OUT/nginx/tmp/fastcgi;
  uwsgi_temp_path $OUT/nginx/tmp/uwsgi;
  scgi_temp_path $OUT/nginx/tmp/scgi;

  # The "legacy site": a static page and a login that always succeeds.
  server {
    listen $HOST:$UPSTREAM_PORT;
    root $OUT/www;
    absolute_redirect off;
    location = /login {
      if (\$request_method != POST) { return 405; }
      add_header Set-Cookie "LEGACYSESSID=bench-session; Path=/; HttpOnly" always;
      return 302 /page.html;
    }
  }

  # nginx as a reverse proxy to it, with keepalive to the upstream.
  upstream legacy_site {
    server $HOST:$UPSTREAM_PORT;
    keepalive 64;
    keepalive_requests 1000000;
  }
  server {
    listen $HOST:$NGINX_PROXY_PORT;
    location / {
      proxy_pass http://legacy_site;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
    }
  }
}
EOF
nginx -t -q -c "$OUT/nginx/nginx.conf" -p "$OUT/nginx" 2>"$OUT/nginx/test.log" || { cat "$OUT/nginx/test.log" >&2; fail "nginx config"; }
nginx -c "$OUT/nginx/nginx.conf" -p "$OUT/nginx" >"$OUT/nginx/stdout.log" 2>&1 &
PIDS+=($!)

redis-server --bind "$HOST" --port "$REDIS_PORT" --save '' --appendonly no --dir "$OUT/redis" \
  --daemonize no --logfile "$OUT/redis/redis.log" &
PIDS+=($!)

read -r -a JAVA_FLAGS <<<"$JAVA_OPTS"
java "${JAVA_FLAGS[@]}" -jar "$BASELINE_JAR" --server.address="$HOST" --server.port="$SCG_PORT" \
  --bench.upstream-url="http://$HOST:$UPSTREAM_PORT" >"$OUT/scg-baseline.log" 2>&1 &
PIDS+=($!)

cat >"$OUT/gatehouse/gatehouse-bench.yml" <<EOF
# Written by bench/run.sh.
server:
  address: $HOST
  port: $GATEHOUSE_PORT
management:
  server:
    port: $GATEHOUSE_MGMT_PORT
logging:
  level:
    root: warn
gatehouse:
  upstream:
    url: http://$HOST:$UPSTREAM_PORT
    session-cookies: [LEGACYSESSID]
    login:
      path: /login
      method: POST
      username-field: email
      success:
        status: [302]
    login-page: /login
  redis:
    url: redis://$HOST:$REDIS_PORT
  policy:
    default: required
    rules:
      - name: public
        paths: [/public/**]
        policy: bypass
      - name: bench page
        paths: [/page.html]
        policy: required
EOF
# A throwaway key. It goes into the (private) config file rather than the environment: Gatehouse's strict
# binder reads the variable GATEHOUSE_SECRET_KEY as the unknown setting gatehouse.secret.key and refuses to start.
chmod 600 "$OUT/gatehouse/gatehouse-bench.yml"
printf '\n# Throwaway, for this run only.\nGATEHOUSE_SECRET_KEY: %s\n' "$(openssl rand -base64 32)" >>"$OUT/gatehouse/gatehouse-bench.yml"
# Started in its own directory so nothing (./data, logs) lands in the work tree.
(cd "$OUT/gatehouse" && exec env -u GATEHOUSE_SECRET_KEY -u GATEHOUSE_SECRET_KEYS_OLD java "${JAVA_FLAGS[@]}" \
  -jar "$GATEHOUSE_JAR" --gatehouse.config="$OUT/gatehouse/gatehouse-bench.yml" >"$OUT/gatehouse.log" 2>&1) &
GATEHOUSE_PID=$!
PIDS+=("$GATEHOUSE_PID")

# Waits (bounded) until URL answers with the expected status.
wait_for() {
  local name=$1 url=$2 expected=$3 deadline=$((SECONDS + 180)) code
  while ((SECONDS < deadline)); do
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$url" || true)
    [[ $code == "$expected" ]] && { log "$name is up"; return 0; }
    for pid in "${PIDS[@]}"; do kill -0 "$pid" 2>/dev/null || fail "$name: a started process ($pid) died; see $OUT"; done
    sleep 0.5
  done
  fail "$name did not answer $expected at $url within 180 s"
}
wait_for "static upstream" "http://$HOST:$UPSTREAM_PORT/page.html" 200
wait_for "nginx proxy" "http://$HOST:$NGINX_PROXY_PORT/page.html" 200
redis_up=0
for _ in $(seq 1 60); do redis-cli -h "$HOST" -p "$REDIS_PORT" ping >/dev/null 2>&1 && { redis_up=1; break; }; sleep 0.5; done
((redis_up)) || fail "redis-server did not start"
log "redis-server is up"
wait_for "plain SCG" "http://$HOST:$SCG_PORT/page.html" 200
wait_for "Gatehouse" "http://$HOST:$GATEHOUSE_MGMT_PORT/actuator/health" 200

# ---------------------------------------------------------------------------------------------------------
# 4. A verified Gatehouse session: sign in, enroll with the key on the page, keep the recovery codes
# ---------------------------------------------------------------------------------------------------------
GH=http://$HOST:$GATEHOUSE_PORT
JAR=$OUT/cookies.txt
step() { # step NAME EXPECTED_STATUS curl-args...: one request with the jar; body in $OUT/NAME.html
  local name=$1 expected=$2 code
  shift 2
  code=$(curl -sS --max-time 10 -b "$JAR" -c "$JAR" -H 'Accept: text/html' -o "$OUT/$name.html" -D "$OUT/$name.headers" \
    -w '%{http_code}' "$@") || fail "session step $name: curl failed"
  [[ $code == "$expected" ]] || { sed -n 1,20p "$OUT/$name.headers" >&2; fail "session step $name: status $code, expected $expected"; }
}
form_value() { # form_value FILE REGEX-with-one-group
  python3 - "$1" "$2" <<'PY'
import re, sys
match = re.search(sys.argv[2], open(sys.argv[1], encoding="utf-8").read())
if not match:
    sys.exit("not found: " + sys.argv[2])
print(match.group(1))
PY
}
totp_now() { # RFC 6238: SHA1, 6 digits, 30 s, from the base32 key shown on the page
  python3 - "$1" <<'PY'
import base64, hashlib, hmac, struct, sys, time
key = sys.argv[1].replace(" ", "").upper()
secret = base64.b32decode(key + "=" * (-len(key) % 8))
digest = hmac.new(secret, struct.pack(">Q", int(time.time()) // 30), hashlib.sha1).digest()
offset = digest[-1] & 0x0F
print("%06d" % ((struct.unpack(">I", digest[offset:offset + 4])[0] & 0x7FFFFFFF) % 1000000))
PY
}

log "signing in as $BENCH_USER and enrolling"
step login 303 -X POST --data-urlencode "email=$BENCH_USER" --data-urlencode "password=bench" "$GH/login"
grep -qi '^location: /_gatehouse/enroll' "$OUT/login.headers" || fail "login did not lead to enrollment"
step enroll-page 200 "$GH/_gatehouse/enroll"
KEY=$(form_value "$OUT/enroll-page.html" 'id="gh-key">([A-Z2-7 ]+)</code>') || fail "no key on the enrollment page"
CSRF=$(form_value "$OUT/enroll-page.html" 'name="_csrf" value="([^"]+)"') || fail "no CSRF token on the enrollment page"
step enroll 303 -X POST --data-urlencode "_csrf=$CSRF" --data-urlencode "token=$(totp_now "$KEY")" "$GH/_gatehouse/enroll"
grep -qi '^set-cookie: LEGACYSESSID=bench-session' "$OUT/enroll.headers" || fail "enrollment did not release LEGACYSESSID"
step recovery-page 200 "$GH/_gatehouse/recovery-codes"
CSRF=$(form_value "$OUT/recovery-page.html" 'name="_csrf" value="([^"]+)"') || fail "no CSRF token on the recovery codes page"
step recovery 303 -X POST --data-urlencode "_csrf=$CSRF" "$GH/_gatehouse/recovery-codes"
step first-page 200 "$GH/page.html"     # shows the one-time "enabled" banner
step page 200 "$GH/page.html"
cmp -s "$OUT/page.html" "$OUT/www/page.html" || fail "Gatehouse's /page.html is not the upstream's page"

cookie() { awk -F'\t' -v name="$1" 'NF == 7 && $6 == name { value = $7 } END { if (value == "") exit 1; print value }' "$JAR"; }
GH_SESSION=$(cookie gatehouse_session) || fail "no gatehouse_session cookie in the jar"
LEGACY=$(cookie LEGACYSESSID) || fail "no LEGACYSESSID cookie in the jar"
COOKIE_HEADER="Cookie: gatehouse_session=$GH_SESSION; LEGACYSESSID=$LEGACY"
log "verified session ready"

# ---------------------------------------------------------------------------------------------------------
# 5./6. Warm-up, then interleaved rounds; Redis commands counted around each Gatehouse run
# ---------------------------------------------------------------------------------------------------------
TARGETS=("nginx proxy" "plain SCG" "Gatehouse bypass" "Gatehouse verified")
url_of() {
  case $1 in
    "nginx proxy") echo "http://$HOST:$NGINX_PROXY_PORT/page.html" ;;
    "plain SCG") echo "http://$HOST:$SCG_PORT/page.html" ;;
    "Gatehouse bypass") echo "$GH/public/page.html" ;;
    "Gatehouse verified") echo "$GH/page.html" ;;
  esac
}

# Every target gets the same request: a browser-like Accept and the session cookies.
for target in "${TARGETS[@]}"; do
  code=$(curl -sS --max-time 10 -o "$OUT/check.html" -w '%{http_code}' -H 'Accept: text/html' -H "$COOKIE_HEADER" "$(url_of "$target")")
  [[ $code == 200 ]] && cmp -s "$OUT/check.html" "$OUT/www/page.html" || fail "$target: status $code or not the page, before the runs"
done

# wrk reports only totals here (no per-response hook, so no cost per request): exact counts, bytes and errors.
cat >"$OUT/wrk/report.lua" <<'EOF'
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "BENCH requests=%d duration_us=%d bytes=%d connect=%d read=%d write=%d status=%d timeout=%d p50_us=%d p90_us=%d p99_us=%d max_us=%d\n",
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
end
EOF

redis_stats() { # all commands but INFO (ours), as "command calls" lines
  redis-cli -h "$HOST" -p "$REDIS_PORT" INFO commandstats | tr -d '\r' \
    | awk -F'[:,=]' '/^cmdstat_/ { name = substr($1, 9); if (name != "info") print name, $3 }'
}

# run_wrk TARGET SECONDS FILE: runs the load, fails on any error, non-2xx/3xx or short (redirect) answer.
run_wrk() {
  local target=$1 seconds=$2 file=$3 url
  url=$(url_of "$target")
  timeout --foreground $((seconds + 60)) wrk -t"$THREADS" -c"$CONNECTIONS" -d"${seconds}s" --timeout 10s --latency \
    -s "$OUT/wrk/report.lua" -H 'Accept: text/html' -H "$COOKIE_HEADER" "$url" >"$file" 2>&1 \
    || { cat "$file" >&2; fail "$target: wrk failed"; }
  local line requests duration_us bytes connect read write status timeout p50_us p90_us p99_us max_us
  line=$(grep '^BENCH ' "$file") || { cat "$file" >&2; fail "$target: no summary from wrk"; }
  [[ $line =~ ^BENCH( [a-z0-9_]+=[0-9]+)+$ ]] || fail "$target: unexpected summary '$line'"
  eval "${line#BENCH }"
  local errors=$((connect + read + write + status + timeout))
  ((requests > 0)) || fail "$target: no requests completed"
  ((errors == 0)) || { cat "$file" >&2; fail "$target: $errors errors (connect $connect, read $read, write $write, non-2xx/3xx $status, timeout $timeout)"; }
  # A redirect (to a login or challenge page) would look fast: every answer must carry the whole page.
  ((bytes / requests >= PAGE_BYTES)) || fail "$target: $((bytes / requests)) bytes per answer, less than the $PAGE_BYTES-byte page (redirects?)"
  WRK_REQUESTS=$requests WRK_DURATION_US=$duration_us WRK_P50_US=$p50_us WRK_P99_US=$p99_us
}

log "warm-up: ${WARMUP}s per target"
for target in "${TARGETS[@]}"; do
  run_wrk "$target" "$WARMUP" "$OUT/wrk/warmup-${target// /-}.txt"
done

RAW=$OUT/raw.tsv
printf 'round\ttarget\trequests\tduration_us\tp50_us\tp99_us\tredis_all\tredis_ping\n' >"$RAW"
: >"$OUT/redis-verified.txt"
for ((round = 1; round <= ROUNDS; round++)); do
  for ((k = 0; k < ${#TARGETS[@]}; k++)); do
    target=${TARGETS[(k + round - 1) % ${#TARGETS[@]}]}    # the order rotates from round to round
    redis_all=- redis_ping=-
    if [[ $target == Gatehouse* ]]; then redis_stats >"$OUT/redis-before.txt"; fi
    run_wrk "$target" "$DURATION" "$OUT/wrk/round$round-${target// /-}.txt"
    requests=$WRK_REQUESTS duration_us=$WRK_DURATION_US p50_us=$WRK_P50_US p99_us=$WRK_P99_US
    if [[ $target == Gatehouse* ]]; then
      redis_stats >"$OUT/redis-after.txt"
      # per command: calls after - calls before
      awk 'NR == FNR { before[$1] = $2; next } { d = $2 - before[$1]; if (d > 0) print $1, d }' \
        "$OUT/redis-before.txt" "$OUT/redis-after.txt" >"$OUT/redis-delta.txt"
      redis_all=$(awk '{ s += $2 } END { print s + 0 }' "$OUT/redis-delta.txt")
      redis_ping=$(awk '$1 == "ping" { s += $2 } END { print s + 0 }' "$OUT/redis-delta.txt")
      if [[ $target == "Gatehouse verified" ]]; then
        awk -v r="$requests" '{ print $1, $2, r }' "$OUT/redis-delta.txt" >>"$OUT/redis-verified.txt"
      fi
    fi
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$round" "$target" "$requests" "$duration_us" "$p50_us" "$p99_us" \
      "$redis_all" "$redis_ping" >>"$RAW"
    log "round $round/$ROUNDS $target: $((requests * 1000000 / duration_us)) req/s, p50 ${p50_us} us, p99 ${p99_us} us, redis $redis_all (ping $redis_ping)"
  done
done

# The session must still be the verified one (no silent fall-back to redirects).
code=$(curl -sS --max-time 10 -o "$OUT/check.html" -w '%{http_code}' -H 'Accept: text/html' -H "$COOKIE_HEADER" "$GH/page.html")
[[ $code == 200 ]] && cmp -s "$OUT/check.html" "$OUT/www/page.html" || fail "the verified session no longer gets the page (status $code)"

# ---------------------------------------------------------------------------------------------------------
# Optional: where Gatehouse spends its time on the verified route (JFR execution samples)
# ---------------------------------------------------------------------------------------------------------
: >"$OUT/profile.md"
if [[ $PROFILE == 1 ]]; then
  log "profiling one verified run with JFR (${DURATION}s)"
  jcmd "$GATEHOUSE_PID" JFR.start name=bench settings=profile filename="$OUT/gatehouse.jfr" >"$OUT/jfr-start.log" 2>&1 \
    || { cat "$OUT/jfr-start.log" >&2; fail "JFR.start"; }
  run_wrk "Gatehouse verified" "$DURATION" "$OUT/wrk/profile.txt"
  jcmd "$GATEHOUSE_PID" JFR.stop name=bench >"$OUT/jfr-stop.log" 2>&1 || { cat "$OUT/jfr-stop.log" >&2; fail "JFR.stop"; }
  jfr print --events jdk.ExecutionSample --stack-depth 64 "$OUT/gatehouse.jfr" >"$OUT/samples.txt"
  python3 - "$OUT/samples.txt" >"$OUT/profile.md" <<'PY'
import collections, re, sys
stacks, current, inside = [], [], False
for line in open(sys.argv[1], encoding="utf-8", errors="replace"):
    line = line.strip()
    if line.startswith("stackTrace = ["):
        current, inside = [], True
    elif inside and line.startswith("]"):
        stacks.append(current); inside = False
    elif inside and line and line != "...":
        current.append(re.sub(r"\s+line:.*$", "", line))
total = len(stacks)
if not total:
    print("No execution samples were recorded."); sys.exit()
leaf = collections.Counter(s[0] for s in stacks if s)
ours = collections.Counter()
areas = collections.Counter()
prefixes = [("Gatehouse (io.gatehouse)", "io.gatehouse."), ("Spring Session", "org.springframework.session."),
            ("Lettuce (Redis client)", "io.lettuce."), ("Spring Data Redis", "org.springframework.data.redis."),
            ("Spring Cloud Gateway", "org.springframework.cloud.gateway."), ("Jackson", "com.fasterxml.jackson."),
            ("Reactor Netty", "reactor.netty."), ("Netty", "io.netty.")]
for s in stacks:
    for name in dict.fromkeys(f for f in s if f.startswith("io.gatehouse.")):
        ours[name] += 1
    for label, prefix in prefixes:
        if any(f.startswith(prefix) for f in s):
            areas[label] += 1
print(f"{total} execution samples (JFR `profile` settings) during one extra run on the verified route.\n")
print("Top 10 frames where the samples were taken (self time):\n")
print("| % of samples | frame |\n|---:|---|")
for frame, n in leaf.most_common(10):
    print(f"| {100 * n / total:.1f} | `{frame}` |")
print("\nShare of samples with a frame of … on the stack (inclusive; areas overlap):\n")
print("| % of samples | area |\n|---:|---|")
for label, n in sorted(areas.items(), key=lambda item: -item[1]):
    print(f"| {100 * n / total:.1f} | {label} |")
print("\nTop 10 Gatehouse methods (inclusive):\n")
print("| % of samples | method |\n|---:|---|")
for frame, n in ours.most_common(10):
    print(f"| {100 * n / total:.1f} | `{frame}` |")
PY
fi

# ---------------------------------------------------------------------------------------------------------
# 7. Table and bench/RESULTS.md
# ---------------------------------------------------------------------------------------------------------
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)
{
  echo "date=$(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "nproc=$(nproc)"
  echo "cpu=$(lscpu 2>/dev/null | awk -F: '/Model name/ { sub(/^[ \t]+/, "", $2); print $2; exit }')"
  echo "memory=$(free -g | awk '/^Mem:/ { print $2 " GiB total, " $7 " GiB available" }')"
  echo "java=$(java -version 2>&1 | head -2 | tail -1)"
  echo "nginx=$(nginx -v 2>&1 | sed 's/^nginx version: //')"
  echo "wrk=$(wrk -v 2>&1 | head -1 | awk '{ print $1, $2 }')"
  echo "redis=$(redis-server --version | awk '{ print $3 }' | sed 's/v=//')"
  echo "commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet HEAD -- src pom.xml 2>/dev/null || echo ' (with uncommitted changes)')"
  echo "load_before=$LOAD_BEFORE"
  echo "load_after=$LOAD_AFTER"
  echo "command=$COMMAND"
  echo "java_opts=$JAVA_OPTS"
  echo "threads=$THREADS"
  echo "connections=$CONNECTIONS"
  echo "duration=$DURATION"
  echo "rounds=$ROUNDS"
  echo "warmup=$WARMUP"
  echo "note=$NOTE"
} >"$OUT/machine.txt"

python3 - "$RAW" "$OUT/machine.txt" "$OUT/redis-verified.txt" "$OUT/profile.md" "$RESULTS" <<'PY'
import collections, statistics, sys
raw, machine_file, redis_file, profile_file, results = sys.argv[1:6]
rows = [line.rstrip("\n").split("\t") for line in open(raw)][1:]
machine = dict(line.rstrip("\n").split("=", 1) for line in open(machine_file) if "=" in line)
order = ["nginx proxy", "plain SCG", "Gatehouse bypass", "Gatehouse verified"]
runs = collections.defaultdict(list)
for r in rows:
    runs[r[1]].append(dict(round=int(r[0]), requests=int(r[2]), seconds=int(r[3]) / 1e6, p50=int(r[4]) / 1000,
                           p99=int(r[5]) / 1000, redis_all=None if r[6] == "-" else int(r[6]),
                           redis_ping=None if r[7] == "-" else int(r[7])))
summary = {}
for target in order:
    rs = runs[target]
    s = dict(rps=statistics.median(x["requests"] / x["seconds"] for x in rs),
             p50=statistics.median(x["p50"] for x in rs), p99=statistics.median(x["p99"] for x in rs),
             requests=sum(x["requests"] for x in rs), rounds=rs)
    if rs[0]["redis_all"] is not None:
        s["redis_all"] = sum(x["redis_all"] for x in rs) / s["requests"]
        s["redis_noping"] = sum(x["redis_all"] - x["redis_ping"] for x in rs) / s["requests"]
        s["pings"] = sum(x["redis_ping"] for x in rs)
    summary[target] = s
scg, nginx = summary["plain SCG"], summary["nginx proxy"]
header = ["target", "req/s", "p50 ms", "p99 ms", "req/s vs SCG", "p99 vs SCG", "req/s vs nginx",
          "Redis cmds/req (all)", "Redis cmds/req (excl. PING)"]
table = []
for target in order:
    s = summary[target]
    table.append([target, f"{s['rps']:,.0f}", f"{s['p50']:.2f}", f"{s['p99']:.2f}", f"{s['rps'] / scg['rps']:.2f}x",
                  f"{s['p99'] / scg['p99']:.2f}x", f"{s['rps'] / nginx['rps']:.2f}x",
                  f"{s['redis_all']:.3f}" if "redis_all" in s else "-",
                  f"{s['redis_noping']:.3f}" if "redis_noping" in s else "-"])
widths = [max(len(h), *(len(row[i]) for row in table)) for i, h in enumerate(header)]
fmt = lambda row: "  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(row, widths)))
print()
print(fmt(header)); print(fmt(["-" * w for w in widths]))
for row in table:
    print(fmt(row))

gh, bypass = summary["Gatehouse verified"], summary["Gatehouse bypass"]
def verdict(ok): return "met" if ok else "**not met**"
targets = [
    ("throughput ≥ 0.9× plain SCG (verified)", f"{gh['rps'] / scg['rps']:.2f}×", verdict(gh["rps"] >= 0.9 * scg["rps"])),
    ("p99 ≤ 1.2× plain SCG (verified)", f"{gh['p99'] / scg['p99']:.2f}×", verdict(gh["p99"] <= 1.2 * scg["p99"])),
    ("≤ 1 Redis command per verified request (excl. PING)", f"{gh['redis_noping']:.3f}", verdict(gh["redis_noping"] <= 1)),
    ("no Redis command on bypass routes (excl. PING)", f"{bypass['redis_noping']:.3f}", verdict(bypass["redis_noping"] < 0.0005)),
    ("stretch: throughput ≥ 0.5× nginx (verified)", f"{gh['rps'] / nginx['rps']:.2f}×", verdict(gh["rps"] >= 0.5 * nginx["rps"])),
]
print()
for name, value, ok in targets:
    print(f"  {name}: {value} ({ok.replace('*', '')})")

verified_cmds = collections.Counter()
for line in open(redis_file):
    name, calls, requests = line.split()
    verified_cmds[name] += int(calls)
per_request_total = gh["requests"]

md = []
md.append("# Benchmark results\n")
md.append("Written by `bench/run.sh` (see `bench/README.md`); rerun it to replace this file.\n")
if machine.get("note"):
    md.append(f"> **{machine['note']}**\n")
md.append(f"- Date: {machine['date']}; Gatehouse commit {machine['commit']}")
md.append(f"- Command: `{machine['command']}`")
md.append(f"- Load: `wrk -t{machine['threads']} -c{machine['connections']} -d{machine['duration']}s --latency` per target, "
          f"{machine['rounds']} interleaved round(s) after {machine['warmup']} s of warm-up per target, the order rotated each round; "
          "each target gets `GET /page.html` (2048-byte static page) with `Accept: text/html` and the verified "
          "session's cookies (`gatehouse_session`, `LEGACYSESSID`); Gatehouse bypass gets `/public/page.html`.")
md.append(f"- Machine: {machine['nproc']} CPUs ({machine['cpu']}), {machine['memory']}; load average "
          f"{machine['load_before']} before, {machine['load_after']} after (everything, wrk included, shares these CPUs)")
md.append(f"- Java: {machine['java']}, `{machine['java_opts']}` for both plain SCG and Gatehouse; "
          f"nginx {machine['nginx']}; {machine['wrk']}; redis-server {machine['redis']}\n")
headline = (f"On {machine['nproc']} CPUs ({machine['cpu']}), Gatehouse passed a verified user's requests to a "
            f"`required` page at {gh['rps']:,.0f} req/s, {gh['rps'] / scg['rps']:.2f}× plain Spring Cloud Gateway "
            f"({scg['rps']:,.0f} req/s) and {gh['rps'] / nginx['rps']:.2f}× nginx ({nginx['rps']:,.0f} req/s), with a "
            f"p99 latency of {gh['p99']:.1f} ms ({gh['p99'] / scg['p99']:.2f}× plain SCG's) and "
            f"{gh['redis_noping']:.2f} Redis commands per request; on a `bypass` route it reached "
            f"{bypass['rps'] / scg['rps']:.2f}× plain SCG with {bypass['redis_noping']:.2f} Redis commands per request.")
print("\n  " + headline)
md.append("## Summary\n")
md.append(headline + "\n")
md.append("## Medians of the rounds\n")
md.append("| " + " | ".join(header) + " |")
md.append("|" + "|".join(["---"] + ["---:"] * (len(header) - 1)) + "|")
for row in table:
    md.append("| " + " | ".join(row) + " |")
md.append("\nRedis commands are counted with `INFO commandstats` around each Gatehouse run (INFO itself left out) "
          f"and divided by the requests wrk completed; Gatehouse pings Redis once a second "
          f"({gh['pings'] + bypass['pings']} PINGs in all Gatehouse runs), so both columns are shown.\n")
md.append("## Targets (issue 8)\n")
md.append("| target | measured | |\n|---|---:|---|")
for name, value, ok in targets:
    md.append(f"| {name} | {value} | {ok} |")
md.append("\n## Every round\n")
md.append("| round | target | requests | req/s | p50 ms | p99 ms | Redis cmds (all) | of which PING |")
md.append("|---:|---|---:|---:|---:|---:|---:|---:|")
for r in sorted(rows, key=lambda r: (int(r[0]), order.index(r[1]))):
    x = next(x for x in runs[r[1]] if x["round"] == int(r[0]))
    md.append(f"| {x['round']} | {r[1]} | {x['requests']:,} | {x['requests'] / x['seconds']:,.0f} | {x['p50']:.2f} | "
              f"{x['p99']:.2f} | {r[6]} | {r[7]} |")
if verified_cmds:
    md.append("\n## Redis commands on the verified route, per request\n")
    md.append("| command | calls per request |\n|---|---:|")
    for name, calls in verified_cmds.most_common():
        md.append(f"| `{name}` | {calls / per_request_total:.3f} |")
profile = open(profile_file).read().strip()
if profile:
    md.append("\n## Where Gatehouse spends its time (verified route, JFR)\n")
    md.append(profile)
open(results, "w").write("\n".join(md) + "\n")
print(f"\n  written: {results}")
PY
log "done; logs and raw numbers in $OUT"
