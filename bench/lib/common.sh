# Sourced by bench/run.sh: logging, the tool and port checks, and the processes this run started (all stopped on
# exit, failure or Ctrl+C).

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
fail() { log "FAILED: $*"; exit 1; }

# need_positive_integers NAME...: each named knob holds a positive integer.
need_positive_integers() {
  local knob
  for knob in "$@"; do
    [[ ${!knob} =~ ^[1-9][0-9]*$ ]] || fail "$knob must be a positive integer, was '${!knob}'"
  done
}

# need_tools TOOL=DEBIAN-PACKAGE...: fails naming the packages of every missing tool; installs nothing.
need_tools() {
  local pair tool missing=() packages=()
  for pair in "$@"; do
    tool=${pair%%=*}
    command -v "$tool" >/dev/null && continue
    missing+=("$tool")
    [[ " ${packages[*]} " == *" ${pair#*=} "* ]] || packages+=("${pair#*=}")
  done
  ((${#missing[@]} == 0)) && return 0
  log "missing: ${missing[*]}"
  log "on Debian or Ubuntu they come with: sudo apt-get install ${packages[*]}"
  fail "install the tools above and run again (this script installs nothing)"
}

# need_free_ports PORT...: nothing listens on any of them on $HOST yet.
need_free_ports() {
  local port
  for port in "$@"; do
    if (exec 3<>"/dev/tcp/$HOST/$port") 2>/dev/null; then
      fail "port $port on $HOST is already in use (set the *_PORT variables to free ones)"
    fi
  done
}

# Everything started with `started $!` is stopped, newest first, whatever ends the run.
PIDS=()
CLEANUPS=()                 # commands run after the processes are stopped (e.g. removing a git worktree)
started() { PIDS+=("$1"); }

cleanup() {
  local status=$?
  trap - EXIT INT TERM
  local i pid waited
  for ((i = ${#PIDS[@]} - 1; i >= 0; i--)); do
    kill -TERM "${PIDS[i]}" 2>/dev/null || true
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
  for ((i = ${#CLEANUPS[@]} - 1; i >= 0; i--)); do
    eval "${CLEANUPS[i]}" || log "clean-up step failed: ${CLEANUPS[i]}"
  done
  if ((status != 0)); then log "exit status $status; logs in $OUT"; fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# wait_for NAME URL STATUS: waits (bounded) until URL answers STATUS; fails early if a started process died.
wait_for() {
  local name=$1 url=$2 expected=$3 deadline=$((SECONDS + 180)) code pid
  while ((SECONDS < deadline)); do
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$url" || true)
    [[ $code == "$expected" ]] && { log "$name is up"; return 0; }
    for pid in "${PIDS[@]}"; do kill -0 "$pid" 2>/dev/null || fail "$name: a started process ($pid) died; see $OUT"; done
    sleep 0.5
  done
  fail "$name did not answer $expected at $url within 180 s"
}
