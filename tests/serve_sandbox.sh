# Sourced by the third-party client checks (pywa/, postman/, kapso/): starts
# `wabactl sandbox serve` on a free loopback port with its state in a fresh temporary folder,
# waits for its base URL (at most 20 s) and sets `url` and `work` (the folder). The sandbox is
# stopped and the folder removed when the script exits.
# Usage: . tests/serve_sandbox.sh BIN [MORE SANDBOX ARGS...]

work="$(mktemp -d)"
pid=""
cleanup() {
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
        kill -TERM "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT

"$1" sandbox serve --port 0 --state "$work/state.json" "${@:2}" >"$work/out" 2>"$work/err" &
pid=$!
# The first line of output is the base URL.
url=""
for _ in $(seq 1 200); do
    if ! kill -0 "$pid" 2>/dev/null; then
        echo "error: the sandbox exited before serving:" >&2
        cat "$work/err" >&2
        exit 1
    fi
    url="$(head -n 1 "$work/out" 2>/dev/null || true)"
    case "$url" in
        http://127.0.0.1:*) break ;;
    esac
    url=""
    sleep 0.1
done
if [ -z "$url" ]; then
    echo "error: the sandbox printed no base URL within 20 s" >&2
    exit 1
fi
