# Sourced by bench/run.sh: a verified Gatehouse session to measure with. The user is enrolled through the command
# line (`gatehouse admin totp import`), signs in with curl, and passes the challenge with a code computed by
# tools/totp.py; no page is scraped for the secret.

# session_step NAME EXPECTED_STATUS curl-args...: one request with $SESSION_DIR's cookie jar; the answer in
# $SESSION_DIR/NAME.html and NAME.headers.
session_step() {
  local name=$1 expected=$2 code
  shift 2
  code=$(curl -sS --max-time 10 -b "$SESSION_DIR/cookies.txt" -c "$SESSION_DIR/cookies.txt" -H 'Accept: text/html' \
    -o "$SESSION_DIR/$name.html" -D "$SESSION_DIR/$name.headers" -w '%{http_code}' "$@") \
    || fail "session step $name: curl failed"
  [[ $code == "$expected" ]] \
    || { sed -n 1,20p "$SESSION_DIR/$name.headers" >&2; fail "session step $name: status $code, expected $expected"; }
}

# cookie_value NAME: the cookie's value in $SESSION_DIR's jar.
cookie_value() {
  awk -F'\t' -v name="$1" 'NF == 7 && $6 == name { value = $7 } END { if (value == "") exit 1; print value }' \
    "$SESSION_DIR/cookies.txt"
}

# verified_session NAME BASE_URL DIR VARIABLE: enrolls $BENCH_USER in the Redis of DIR/gatehouse-bench.yml with a new
# secret (this work tree's CLI, so a COMPARE build needs no such command), signs in at BASE_URL, passes the challenge,
# checks that the page comes back, and sets VARIABLE to the Cookie header carrying that session.
verified_session() {
  local name=$1 base=$2 variable=$4 csrf
  SESSION_DIR=$3
  log "$name: enrolling $BENCH_USER with gatehouse admin totp import, signing in, passing the challenge"
  python3 "$TOOLS/totp.py" secret >"$SESSION_DIR/totp-secret.txt"
  (cd "$SESSION_DIR" && env -u GATEHOUSE_SECRET_KEY -u GATEHOUSE_SECRET_KEYS_OLD java -jar "$GATEHOUSE_JAR" \
    admin totp import "$BENCH_USER" --secret-file "$SESSION_DIR/totp-secret.txt" \
    --gatehouse.config="$SESSION_DIR/gatehouse-bench.yml") >"$SESSION_DIR/enroll.log" 2>&1 \
    || { cat "$SESSION_DIR/enroll.log" >&2; fail "$name: gatehouse admin totp import"; }

  session_step login 303 -X POST --data-urlencode "email=$BENCH_USER" --data-urlencode "password=bench" "$base/login"
  grep -qi '^location: /_gatehouse/challenge' "$SESSION_DIR/login.headers" || fail "$name: the login did not lead to the challenge"
  session_step challenge-page 200 "$base/_gatehouse/challenge"
  csrf=$(sed -n 's/.*name="_csrf" value="\([^"]*\)".*/\1/p' "$SESSION_DIR/challenge-page.html" | head -1)
  [[ -n $csrf ]] || fail "$name: no CSRF token on the challenge page"
  session_step challenge 303 -X POST --data-urlencode "_csrf=$csrf" \
    --data-urlencode "code=$(python3 "$TOOLS/totp.py" code "$SESSION_DIR/totp-secret.txt")" "$base/_gatehouse/challenge"
  grep -qi '^set-cookie: LEGACYSESSID=bench-session' "$SESSION_DIR/challenge.headers" \
    || fail "$name: passing the challenge did not release LEGACYSESSID"
  session_step page 200 "$base/page.html"
  cmp -s "$SESSION_DIR/page.html" "$OUT/www/page.html" || fail "$name: /page.html is not the upstream's page"

  local session legacy
  session=$(cookie_value gatehouse_session) || fail "$name: no gatehouse_session cookie in the jar"
  legacy=$(cookie_value LEGACYSESSID) || fail "$name: no LEGACYSESSID cookie in the jar"
  printf -v "$variable" 'Cookie: gatehouse_session=%s; LEGACYSESSID=%s' "$session" "$legacy"
  log "$name: verified session ready"
}
