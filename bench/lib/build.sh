# Sourced by bench/run.sh: the jars. Sets GATEHOUSE_JAR, BASELINE_JAR and, with COMPARE, COMPARE_JAR and COMPARE_SHA.

# mvn_package NAME LOG ARGS...: one quiet Maven build; its log's tail on failure.
mvn_package() {
  local name=$1 logfile=$2
  shift 2
  log "building $name"
  # shellcheck disable=SC2086 # MAVEN_FLAGS is a list of flags
  mvn -q $MAVEN_FLAGS -DskipTests "$@" package >"$logfile" 2>&1 || { tail -30 "$logfile" >&2; fail "$name build (log: $logfile)"; }
}

build_jars() {
  GATEHOUSE_JAR=$ROOT/target/gatehouse.jar
  BASELINE_JAR=$ROOT/bench/baseline/target/scg-baseline.jar
  if [[ $SKIP_BUILD != 1 ]]; then
    mvn_package "Gatehouse (this work tree)" "$OUT/build-gatehouse.log"
    mvn_package "the plain SCG baseline (bench/baseline)" "$OUT/build-baseline.log" -f bench/baseline/pom.xml
  fi
  [[ -f $GATEHOUSE_JAR ]] || fail "$GATEHOUSE_JAR missing (run without SKIP_BUILD=1)"
  [[ -f $BASELINE_JAR ]] || fail "$BASELINE_JAR missing (run without SKIP_BUILD=1)"
  [[ -n $COMPARE ]] && build_compare_jar
  return 0
}

# The jar of revision $COMPARE, built in a temporary git worktree and kept in $JARS by commit, so that a second
# A/B against the same revision (or SKIP_BUILD=1) does not build it again.
build_compare_jar() {
  COMPARE_SHA=$(git -C "$ROOT" rev-parse --verify --quiet "$COMPARE^{commit}") \
    || fail "COMPARE=$COMPARE is not a git revision of $ROOT"
  COMPARE_JAR=$JARS/gatehouse-$COMPARE_SHA.jar
  if [[ -f $COMPARE_JAR && $SKIP_BUILD == 1 ]]; then
    log "reusing $COMPARE_JAR"
    return 0
  fi
  local tree=$ROOT/bench/out/compare-worktree
  git -C "$ROOT" worktree remove --force "$tree" 2>/dev/null || rm -rf "$tree"
  # --force: a tree left registered by a killed run is taken over rather than refused.
  git -C "$ROOT" worktree add --force --quiet --detach "$tree" "$COMPARE_SHA" >"$OUT/worktree.log" 2>&1 \
    || { cat "$OUT/worktree.log" >&2; fail "git worktree add for COMPARE=$COMPARE"; }
  CLEANUPS+=("[[ ! -d '$tree' ]] || git -C '$ROOT' worktree remove --force '$tree'")
  (cd "$tree" && mvn_package "Gatehouse B (COMPARE=$COMPARE, ${COMPARE_SHA:0:10})" "$OUT/build-gatehouse-b.log")
  [[ -f $tree/target/gatehouse.jar ]] || fail "the build of $COMPARE made no target/gatehouse.jar"
  cp "$tree/target/gatehouse.jar" "$COMPARE_JAR"
  git -C "$ROOT" worktree remove --force "$tree"
}
