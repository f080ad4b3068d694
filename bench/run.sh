#!/usr/bin/env bash
# Gatehouse benchmark: Gatehouse side by side with plain Spring Cloud Gateway and nginx, one run, interleaved;
# with COMPARE=<git revision>, a second Gatehouse build beside this one (A/B).
# What it measures, every knob and how to read the numbers: bench/README.md.   Run from anywhere: bash bench/run.sh
set -euo pipefail

# Knobs (environment; bench/README.md). Everything listens on 127.0.0.1 only.
UPSTREAM_PORT=${UPSTREAM_PORT:-18080}
NGINX_PROXY_PORT=${NGINX_PROXY_PORT:-18081}
SCG_PORT=${SCG_PORT:-18082}
GATEHOUSE_PORT=${GATEHOUSE_PORT:-18083}
GATEHOUSE_MGMT_PORT=${GATEHOUSE_MGMT_PORT:-18093}
REDIS_PORT=${REDIS_PORT:-18379}
GATEHOUSE_B_PORT=${GATEHOUSE_B_PORT:-18084}
GATEHOUSE_B_MGMT_PORT=${GATEHOUSE_B_MGMT_PORT:-18094}
REDIS_B_PORT=${REDIS_B_PORT:-18380}
ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-15}
WARMUP=${WARMUP:-20}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-2}
JAVA_OPTS=${JAVA_OPTS:--Xms512m -Xmx512m}
SKIP_BUILD=${SKIP_BUILD:-0}
MAVEN_FLAGS=${MAVEN_FLAGS:-}
PROFILE=${PROFILE:-0}
COMPARE=${COMPARE:-}
NOTE=${NOTE:-}
RESULTS=${RESULTS:-bench/RESULTS.md}

HOST=127.0.0.1
PAGE_BYTES=2048
BENCH_USER=bench@example.org
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
OUT=$ROOT/bench/out/run            # this run's logs, configurations and raw numbers (git-ignored), kept for inspection
JARS=$ROOT/bench/out/jars          # COMPARE builds, by commit
TOOLS=$ROOT/bench/tools
RAW=$OUT/raw.tsv
COMMAND="ROUNDS=$ROUNDS DURATION=$DURATION WARMUP=$WARMUP CONNECTIONS=$CONNECTIONS THREADS=$THREADS JAVA_OPTS='$JAVA_OPTS'${COMPARE:+ COMPARE=$COMPARE} bash bench/run.sh"

for part in common build services session load; do
  # shellcheck source=/dev/null
  source "$ROOT/bench/lib/$part.sh"
done

# 1. Checks: knobs, tools (nothing is installed), free ports.
need_positive_integers ROUNDS DURATION WARMUP CONNECTIONS THREADS
export PATH=$PATH:/usr/sbin
need_tools wrk=wrk nginx=nginx redis-server=redis-server redis-cli=redis-tools curl=curl openssl=openssl \
  python3=python3 java=openjdk-17-jdk-headless mvn=maven timeout=coreutils
[[ -z $COMPARE ]] || need_tools git=git
[[ $PROFILE != 1 ]] || need_tools jcmd=openjdk-17-jdk-headless jfr=openjdk-17-jdk-headless
PORTS=("$UPSTREAM_PORT" "$NGINX_PROXY_PORT" "$SCG_PORT" "$GATEHOUSE_PORT" "$GATEHOUSE_MGMT_PORT" "$REDIS_PORT")
[[ -z $COMPARE ]] || PORTS+=("$GATEHOUSE_B_PORT" "$GATEHOUSE_B_MGMT_PORT" "$REDIS_B_PORT")
need_free_ports "${PORTS[@]}"
rm -rf "$OUT"
mkdir -p "$OUT/www" "$OUT/nginx" "$OUT/gatehouse" "$OUT/wrk" "$JARS"
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)

# 2. Jars: this work tree's Gatehouse, the plain SCG baseline and, with COMPARE, Gatehouse B.
build_jars

# 3. Start everything; Gatehouse (and B) with a throwaway key and their own redis-server.
read -r -a JAVA_FLAGS <<<"$JAVA_OPTS"
SECRET_KEY=$(openssl rand -base64 32)
start_nginx
start_redis redis "$REDIS_PORT"
start_scg
gatehouse_config "$OUT/gatehouse/gatehouse-bench.yml" "$GATEHOUSE_PORT" "$GATEHOUSE_MGMT_PORT" "$REDIS_PORT"
start_gatehouse Gatehouse "$GATEHOUSE_JAR" "$OUT/gatehouse"
GATEHOUSE_PID=$LAST_PID
if [[ -n $COMPARE ]]; then
  mkdir -p "$OUT/gatehouse-b"
  start_redis redis-b "$REDIS_B_PORT"
  gatehouse_config "$OUT/gatehouse-b/gatehouse-bench.yml" "$GATEHOUSE_B_PORT" "$GATEHOUSE_B_MGMT_PORT" "$REDIS_B_PORT"
  start_gatehouse "Gatehouse B ($COMPARE)" "$COMPARE_JAR" "$OUT/gatehouse-b"
fi
wait_for "plain SCG" "http://$HOST:$SCG_PORT/page.html" 200
wait_for "Gatehouse" "http://$HOST:$GATEHOUSE_MGMT_PORT/actuator/health" 200
[[ -z $COMPARE ]] || wait_for "Gatehouse B" "http://$HOST:$GATEHOUSE_B_MGMT_PORT/actuator/health" 200

# 4. A verified session on each Gatehouse: enrolled through the CLI, signed in, challenge passed.
verified_session Gatehouse "http://$HOST:$GATEHOUSE_PORT" "$OUT/gatehouse" COOKIE_HEADER
[[ -z $COMPARE ]] || verified_session "Gatehouse B" "http://$HOST:$GATEHOUSE_B_PORT" "$OUT/gatehouse-b" COOKIE_HEADER_B

# 5. Load: the same request to every target, warm-up, interleaved rounds; the sessions must still be verified.
define_targets
check_targets
warm_up
measure_rounds
check_still_verified
profile_verified

# 6. The table on the terminal and the results file.
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
  [[ -z $COMPARE ]] || echo "compare=$COMPARE (${COMPARE_SHA:0:7})"
  echo "load_before=$LOAD_BEFORE"
  echo "load_after=$(cut -d' ' -f1-3 /proc/loadavg)"
  echo "command=$COMMAND"
  echo "java_opts=$JAVA_OPTS"
  echo "threads=$THREADS"
  echo "connections=$CONNECTIONS"
  echo "duration=$DURATION"
  echo "rounds=$ROUNDS"
  echo "warmup=$WARMUP"
  echo "note=$NOTE"
} >"$OUT/machine.txt"
mkdir -p "$(dirname "$RESULTS")"
python3 "$TOOLS/results.py" "$OUT" "$RESULTS"
log "done; logs and raw numbers in $OUT"
