# Sourced by the scripts that start `layeranchor serve --port 0`: waits (up to 2 min) for the port the
# server prints on its log, and fails with the log when the server dies or prints none.
# Usage: port=$(server_port "$server_pid" "$log" name-of-calling-script) || exit 1
server_port() {
  local pid=$1 log=$2 who=$3 port=""
  for _ in $(seq 1 240); do
    port=$(sed -n 's/^port //p' "$log")
    [ -n "$port" ] && { echo "$port"; return 0; }
    kill -0 "$pid" 2>/dev/null || { cat "$log" >&2; return 1; }
    sleep 0.5
  done
  echo "$who: the server printed no port" >&2
  cat "$log" >&2
  return 1
}
