# Sourced by the shell tests: `check <description> <command...>` runs the command, counts a pass
# or a failure and says which; `finish_checks` prints the totals and fails if any check failed.
failures=0
passes=0
check() {
  local description=$1
  shift
  if "$@"; then
    passes=$((passes + 1))
    echo "ok: $description"
  else
    echo "FAILED: $description"
    failures=$((failures + 1))
  fi
}

finish_checks() {
  echo "$passes passed, $failures failed"
  [ "$failures" = 0 ]
}
