# Helpers of the CLI tests: run the `eventioz` binary in $eventioz, bounded, with its output in
# $work. Source after setting both.

# run <name> <eventioz arguments...>: bounded; stdout to $work/<name>.out, stderr to .err;
# returns the exit code (and shows stderr when it is not 0).
run() {
  local name=$1
  shift
  local status=0
  timeout 60 "$eventioz" "$@" >"$work/$name.out" 2>"$work/$name.err" || status=$?
  if [ "$status" != 0 ]; then
    echo "    eventioz $* exited with $status:"
    sed 's/^/    /' "$work/$name.err" | tail -5
  fi
  return $status
}

fails_with() {  # fails_with <code> <name> <text in stderr> <eventioz arguments...>
  local code=$1 name=$2 text=$3
  shift 3
  local status=0
  timeout 60 "$eventioz" "$@" >"$work/$name.out" 2>"$work/$name.err" || status=$?
  if [ "$status" != "$code" ]; then
    echo "    exit code $status, expected $code; stderr:"
    sed 's/^/    /' "$work/$name.err" | tail -5
    return 1
  fi
  if ! grep -q -- "$text" "$work/$name.err"; then
    echo "    stderr lacks '$text':"
    sed 's/^/    /' "$work/$name.err" | tail -5
    return 1
  fi
}
