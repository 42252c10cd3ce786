#!/usr/bin/env bash
# Runs the edge in the foreground in front of a suite on this machine (8025-8029, or the
# <SERVICE>_URL addresses when set), listening on EDGE_PORT (8080), with /app/ behind forward-auth
# when APP_UPSTREAM_URL is set. Ctrl-C or SIGTERM stops nginx and removes what this script wrote.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)

nginx_bin=$(command -v nginx || true)
if [ -z "$nginx_bin" ] && [ -x /usr/sbin/nginx ]; then nginx_bin=/usr/sbin/nginx; fi
if [ -z "$nginx_bin" ]; then
  echo "nginx is not installed: install it (Debian/Ubuntu: sudo apt-get install nginx; macOS: brew install nginx) and run this again" >&2
  exit 1
fi

export EDGE_PORT=${EDGE_PORT:-8080}
# the primary's sign-in at /api/v1/auth/: by default the launcher's development stand-in
export PRIMARY_AUTH_URL=${PRIMARY_AUTH_URL-http://127.0.0.1:8024}
EDGE_RUNTIME_DIR=$(mktemp -d "${TMPDIR:-/tmp}/authsuite-edge.XXXXXX")
export EDGE_RUNTIME_DIR
nginx_pid=

stop() {
  if [ -n "$nginx_pid" ] && kill -0 "$nginx_pid" 2>/dev/null; then
    kill -QUIT "$nginx_pid" 2>/dev/null || true
    wait "$nginx_pid" 2>/dev/null || true
  fi
  rm -rf "$EDGE_RUNTIME_DIR"
}
trap stop EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

"$here/render.sh" > "$EDGE_RUNTIME_DIR/nginx.conf"
"$nginx_bin" -t -q -e stderr -p "$EDGE_RUNTIME_DIR" -c "$EDGE_RUNTIME_DIR/nginx.conf"

echo "authsuite edge: open http://127.0.0.1:$EDGE_PORT/ (status page: /status/)"
if [ -n "${APP_UPSTREAM_URL:-}" ]; then
  echo "authsuite edge: /app/ -> $APP_UPSTREAM_URL after forward-auth at ${JWT_TOKEN_ADAPTER_URL:-http://127.0.0.1:8025}/api/v1/jwt/verify"
fi
"$nginx_bin" -e stderr -p "$EDGE_RUNTIME_DIR" -c "$EDGE_RUNTIME_DIR/nginx.conf" -g 'daemon off;' &
nginx_pid=$!
wait "$nginx_pid"
