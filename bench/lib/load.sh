# Sourced by bench/run.sh: the targets, the load (wrk), the Redis command counts and the optional JFR profile.

# TARGETS, and per target: its URL, the Cookie header it is sent and the Redis port whose commands it is charged
# (empty for targets without Gatehouse).
define_targets() {
  TARGETS=("nginx proxy" "plain SCG" "Gatehouse bypass" "Gatehouse verified")
  [[ -n $COMPARE ]] && TARGETS+=("Gatehouse B verified")
  return 0
}
url_of() {
  case $1 in
    "nginx proxy") echo "http://$HOST:$NGINX_PROXY_PORT/page.html" ;;
    "plain SCG") echo "http://$HOST:$SCG_PORT/page.html" ;;
    "Gatehouse bypass") echo "http://$HOST:$GATEHOUSE_PORT/public/page.html" ;;
    "Gatehouse verified") echo "http://$HOST:$GATEHOUSE_PORT/page.html" ;;
    "Gatehouse B verified") echo "http://$HOST:$GATEHOUSE_B_PORT/page.html" ;;
  esac
}
cookie_of() { if [[ $1 == "Gatehouse B verified" ]]; then echo "$COOKIE_HEADER_B"; else echo "$COOKIE_HEADER"; fi; }
redis_port_of() {
  case $1 in
    "Gatehouse bypass" | "Gatehouse verified") echo "$REDIS_PORT" ;;
    "Gatehouse B verified") echo "$REDIS_B_PORT" ;;
    *) echo "" ;;
  esac
}

# check_targets: every target answers its request with the whole page before any load.
check_targets() {
  local target code
  for target in "${TARGETS[@]}"; do
    code=$(curl -sS --max-time 10 -o "$OUT/check.html" -w '%{http_code}' -H 'Accept: text/html' \
      -H "$(cookie_of "$target")" "$(url_of "$target")")
    [[ $code == 200 ]] && cmp -s "$OUT/check.html" "$OUT/www/page.html" \
      || fail "$target: status $code or not the page, before the runs"
  done
}

# check_still_verified: the sessions still get the page after the load (no silent fall-back to redirects).
check_still_verified() {
  local target code
  for target in "${TARGETS[@]}"; do
    [[ $target == *verified ]] || continue
    code=$(curl -sS --max-time 10 -o "$OUT/check.html" -w '%{http_code}' -H 'Accept: text/html' \
      -H "$(cookie_of "$target")" "$(url_of "$target")")
    [[ $code == 200 ]] && cmp -s "$OUT/check.html" "$OUT/www/page.html" \
      || fail "$target: the verified session no longer gets the page (status $code)"
  done
}

# redis_stats PORT: every command but INFO (ours) as "command calls" lines.
redis_stats() {
  redis-cli -h "$HOST" -p "$1" INFO commandstats | tr -d '\r' \
    | awk -F'[:,=]' '/^cmdstat_/ { name = substr($1, 9); if (name != "info") print name, $3 }'
}

# run_wrk TARGET SECONDS FILE: the load; fails on any error, non-2xx/3xx or short (redirect) answer. Sets WRK_*.
run_wrk() {
  local target=$1 seconds=$2 file=$3
  timeout --foreground $((seconds + 60)) wrk -t"$THREADS" -c"$CONNECTIONS" -d"${seconds}s" --timeout 10s --latency \
    -s "$TOOLS/report.lua" -H 'Accept: text/html' -H "$(cookie_of "$target")" "$(url_of "$target")" >"$file" 2>&1 \
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

warm_up() {
  local target
  log "warm-up: ${WARMUP}s per target"
  for target in "${TARGETS[@]}"; do
    run_wrk "$target" "$WARMUP" "$OUT/wrk/warmup-${target// /-}.txt"
  done
}

# measure_rounds: ROUNDS interleaved rounds, the order rotated each round, Redis commands counted around each
# Gatehouse run; one line per run in $RAW, the verified routes' commands by name in $OUT/redis-<target>.txt.
measure_rounds() {
  local round k target port all ping slug
  printf 'round\ttarget\trequests\tduration_us\tp50_us\tp99_us\tredis_all\tredis_ping\n' >"$RAW"
  for ((round = 1; round <= ROUNDS; round++)); do
    for ((k = 0; k < ${#TARGETS[@]}; k++)); do
      target=${TARGETS[(k + round - 1) % ${#TARGETS[@]}]}
      slug=${target// /-}
      port=$(redis_port_of "$target") all=- ping=-
      [[ -n $port ]] && redis_stats "$port" >"$OUT/redis-before.txt"
      run_wrk "$target" "$DURATION" "$OUT/wrk/round$round-$slug.txt"
      if [[ -n $port ]]; then
        redis_stats "$port" >"$OUT/redis-after.txt"
        awk 'NR == FNR { before[$1] = $2; next } { d = $2 - before[$1]; if (d > 0) print $1, d }' \
          "$OUT/redis-before.txt" "$OUT/redis-after.txt" >"$OUT/redis-delta.txt"
        all=$(awk '{ s += $2 } END { print s + 0 }' "$OUT/redis-delta.txt")
        ping=$(awk '$1 == "ping" { s += $2 } END { print s + 0 }' "$OUT/redis-delta.txt")
        [[ $target == *verified ]] && awk -v r="$WRK_REQUESTS" '{ print $1, $2, r }' "$OUT/redis-delta.txt" >>"$OUT/redis-$slug.txt"
      fi
      printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$round" "$target" "$WRK_REQUESTS" "$WRK_DURATION_US" "$WRK_P50_US" \
        "$WRK_P99_US" "$all" "$ping" >>"$RAW"
      log "round $round/$ROUNDS $target: $((WRK_REQUESTS * 1000000 / WRK_DURATION_US)) req/s, p50 $WRK_P50_US us, p99 $WRK_P99_US us, redis $all (ping $ping)"
    done
  done
}

# profile_verified: one extra verified run under JFR; the summary (tools/profile.py) in $OUT/profile.md.
profile_verified() {
  : >"$OUT/profile.md"
  [[ $PROFILE == 1 ]] || return 0
  log "profiling one verified run with JFR (${DURATION}s)"
  jcmd "$GATEHOUSE_PID" JFR.start name=bench settings=profile filename="$OUT/gatehouse.jfr" >"$OUT/jfr-start.log" 2>&1 \
    || { cat "$OUT/jfr-start.log" >&2; fail "JFR.start"; }
  run_wrk "Gatehouse verified" "$DURATION" "$OUT/wrk/profile.txt"
  jcmd "$GATEHOUSE_PID" JFR.stop name=bench >"$OUT/jfr-stop.log" 2>&1 || { cat "$OUT/jfr-stop.log" >&2; fail "JFR.stop"; }
  jfr print --events jdk.ExecutionSample --stack-depth 64 "$OUT/gatehouse.jfr" >"$OUT/samples.txt"
  python3 "$TOOLS/profile.py" "$OUT/samples.txt" >"$OUT/profile.md"
}
