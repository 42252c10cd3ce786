#!/usr/bin/env bash
# Renders nginx.conf.template to stdout from the environment: the same ${NAME}s the nginx image's
# envsubst fills in compose and Kubernetes, and nothing else (nginx's own $variables stay).
# Without APP_UPSTREAM_URL the forward-auth block (/app/) is left out; without PRIMARY_AUTH_URL, the
# primary's sign-in (/api/v1/auth/).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)

: "${EDGE_PORT:=8080}"
: "${EDGE_RUNTIME_DIR:=/tmp}"
: "${JWT_TOKEN_ADAPTER_URL:=http://127.0.0.1:8025}"
: "${SESSION_VALIDATION_NORMALIZER_URL:=http://127.0.0.1:8026}"
: "${FALLBACK_SESSION_PROVIDER_URL:=http://127.0.0.1:8027}"
: "${WEBSOCKET_AUTH_GATEWAY_URL:=http://127.0.0.1:8028}"
: "${SERVICE_BOUNDARY_COORDINATOR_URL:=http://127.0.0.1:8029}"
: "${APP_UPSTREAM_URL:=}"
: "${PRIMARY_AUTH_URL:=}"

names=(EDGE_PORT EDGE_RUNTIME_DIR JWT_TOKEN_ADAPTER_URL SESSION_VALIDATION_NORMALIZER_URL
  FALLBACK_SESSION_PROVIDER_URL WEBSOCKET_AUTH_GATEWAY_URL SERVICE_BOUNDARY_COORDINATOR_URL APP_UPSTREAM_URL PRIMARY_AUTH_URL)

script=()
for name in "${names[@]}"; do
  value=${!name}
  value=${value%/}
  case $value in
    *://*@*) echo "render.sh: $name carries credentials (user:password@), which nginx cannot proxy to; give the edge an address without them" >&2; exit 2 ;;
    *[[:space:]\;\{\}\'\"\$\\\|]*) echo "render.sh: $name has a character nginx would misread: $value" >&2; exit 2 ;;
  esac
  script+=(-e "s|\${$name}|$value|g")
done
if [ -z "$APP_UPSTREAM_URL" ]; then
  script=(-e '/# edge:app:begin/,/# edge:app:end/d' "${script[@]}")
fi
if [ -z "$PRIMARY_AUTH_URL" ]; then
  script=(-e '/# edge:primary:begin/,/# edge:primary:end/d' "${script[@]}")
fi
sed "${script[@]}" "$here/nginx.conf.template"
