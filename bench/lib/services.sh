# Sourced by bench/run.sh: the upstream and nginx proxy (one nginx), redis-server, plain SCG and Gatehouse, each on
# 127.0.0.1, each stopped at the end (see `started` in common.sh).

start_nginx() {
  python3 "$TOOLS/page.py" "$OUT/www/page.html" "$PAGE_BYTES"
  mkdir -p "$OUT/www/public" "$OUT/nginx/tmp"
  cp "$OUT/www/page.html" "$OUT/www/public/page.html"   # the same page on a bypass route of Gatehouse
  local user=""
  [[ $(id -u) == 0 ]] && user="user root root;"   # workers read this run's files
  cat >"$OUT/nginx/nginx.conf" <<CONF
$user
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
CONF
  nginx -t -q -c "$OUT/nginx/nginx.conf" -p "$OUT/nginx" 2>"$OUT/nginx/test.log" || { cat "$OUT/nginx/test.log" >&2; fail "nginx config"; }
  nginx -c "$OUT/nginx/nginx.conf" -p "$OUT/nginx" >"$OUT/nginx/stdout.log" 2>&1 &
  started $!
  wait_for "static upstream" "http://$HOST:$UPSTREAM_PORT/page.html" 200
  wait_for "nginx proxy" "http://$HOST:$NGINX_PROXY_PORT/page.html" 200
}

# start_redis NAME PORT: a redis-server without persistence.
start_redis() {
  local name=$1 port=$2 dir=$OUT/$1
  mkdir -p "$dir"
  redis-server --bind "$HOST" --port "$port" --save '' --appendonly no --dir "$dir" \
    --daemonize no --logfile "$dir/redis.log" &
  started $!
  local _
  for _ in $(seq 1 60); do
    redis-cli -h "$HOST" -p "$port" ping >/dev/null 2>&1 && { log "$name is up"; return 0; }
    sleep 0.5
  done
  fail "$name did not start (see $dir/redis.log)"
}

start_scg() {
  java "${JAVA_FLAGS[@]}" -jar "$BASELINE_JAR" --server.address="$HOST" --server.port="$SCG_PORT" \
    --bench.upstream-url="http://$HOST:$UPSTREAM_PORT" >"$OUT/scg-baseline.log" 2>&1 &
  started $!
}

# gatehouse_config FILE PORT MANAGEMENT_PORT REDIS_PORT: the bench configuration, with a throwaway key. The key
# goes into the (private) file rather than the environment: the strict binder would read the variable
# GATEHOUSE_SECRET_KEY as the unknown setting gatehouse.secret.key and refuse to start.
gatehouse_config() {
  local file=$1 port=$2 management=$3 redis=$4
  cat >"$file" <<YML
# Written by bench/run.sh.
server:
  address: $HOST
  port: $port
management:
  server:
    port: $management
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
    url: redis://$HOST:$redis
  policy:
    default: required
    rules:
      - name: public
        paths: [/public/**]
        policy: bypass
      - name: bench page
        paths: [/page.html]
        policy: required
YML
  chmod 600 "$file"
  printf '\n# Throwaway, for this run only.\nGATEHOUSE_SECRET_KEY: %s\n' "$SECRET_KEY" >>"$file"
}

# start_gatehouse NAME JAR DIR: runs JAR with DIR/gatehouse-bench.yml in DIR, so nothing (./data, logs) lands in the
# work tree; sets LAST_PID.
start_gatehouse() {
  local name=$1 jar=$2 dir=$3
  (cd "$dir" && exec env -u GATEHOUSE_SECRET_KEY -u GATEHOUSE_SECRET_KEYS_OLD java "${JAVA_FLAGS[@]}" \
    -jar "$jar" --gatehouse.config="$dir/gatehouse-bench.yml" >"$dir/gatehouse.log" 2>&1) &
  started $!
  LAST_PID=$!
  log "$name starting (log: $dir/gatehouse.log)"
}
