#!/usr/bin/env bash
# The images and docker-compose.yml, run for real: builds the five service images, brings the compose stack
# up (Redis, PostgreSQL, the five services, the edge, the demo profile's echo chat) with podman-compose,
# waits for every health check, runs the smoke test through the published ports, runs the image's
# preflight (check-config --deep), and takes everything down again: containers, the network, the volumes.
#   bash deploy/containers/smoke.sh
# Base images: the public ones (the Dockerfile's and compose's defaults) when a registry answers, else
# (or with SMOKE_BASES=debian) the Debian-package ones of base-images.sh; SMOKE_BASES=public insists.
# The jar: launcher/target/authsuite.jar as built and tested on this host (built with
# `mvn -DskipTests package` when missing or older than the sources), copied in by the Dockerfile's
# `prebuilt` target; SMOKE_JAR=source builds it inside the image instead (the Dockerfile's default target,
# BUILD_IMAGE: needs Maven Central from the build container, and minutes).
# Needs podman, podman-compose (1.0.x, Debian's, works), runc and, for Debian bases, mmdebstrap; root.
# Exit code 0 only when every image built, every container became healthy and every check passed.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
here=$root/deploy/containers

ENGINE=podman
PROJECT=${SMOKE_PROJECT:-authsuite-smoke}
export AUTHSUITE_TAG=${SMOKE_TAG:-smoke}
HEALTH_TIMEOUT=${SMOKE_HEALTH_TIMEOUT:-180}
# podman without systemd (CI machines): runc, cgroupfs, sane ulimits; an existing setting wins
if [ -z "${CONTAINERS_CONF:-}" ] && [ ! -f /etc/containers/containers.conf ]; then
  export CONTAINERS_CONF=$here/containers.conf
fi
# podman-compose 1.0.x (Debian bookworm's) and docker-compose.yml: it knows no profiles (it runs every
# service, the demo profile's echo-chat included: what this run wants), ignores depends_on's conditions
# (this script starts the services in order, each once the one before is healthy), and its interpolation
# needs a non-empty default, so `${NAME:-}` stays literal: it reads a copy of the file with `${NAME}`
# there instead (the same value: empty when unset). Secrets from files, named volumes, the fixed network
# name, healthchecks in CMD and CMD-SHELL form and the x- anchors work as written.
compose_file=$root/.smoke-compose.yml
compose() { podman-compose -p "$PROJECT" -f "$compose_file" "$@"; }

t0=$SECONDS
timings=()
phase_start=$SECONDS
phase() { # phase NAME: closes the previous phase's timing, opens this one
  local now=$SECONDS
  [ -n "${current:-}" ] && timings+=("$(printf '%-44s %4d s' "$current" $((now - phase_start)))")
  current=$1
  phase_start=$now
  printf '[smoke] === %s\n' "$1"
}
log() { printf '[smoke] %s\n' "$*"; }

# Service order: each starts once the one before it is healthy (compose's depends_on: service_healthy,
# which podman-compose 1.0.x does not wait for, so this script does).
SERVICES=(jwt-token-adapter:8025 session-validation-normalizer:8026 fallback-session-provider:8027
  websocket-auth-gateway:8028 service-boundary-coordinator:8029)

cleanup() {
  local code=$?
  set +e
  phase "tear down"
  if [ "$code" -ne 0 ]; then
    log "failed (exit $code): the last log lines of each container"
    for c in $(podman ps -a --filter "label=io.podman.compose.project=$PROJECT" --format '{{.Names}}'); do
      echo "----- $c ($(podman inspect -f '{{.State.Status}} health={{.State.Health.Status}}' "$c" 2>/dev/null))"
      podman logs --tail 25 "$c" 2>&1 | sed 's/^/    /'
    done
  fi
  compose down -v >/dev/null 2>&1
  # whatever podman-compose left: containers, the named network, the project's volumes
  podman ps -aq --filter "label=io.podman.compose.project=$PROJECT" | xargs -r podman rm -f -t 5 >/dev/null 2>&1
  podman network rm -f authsuite >/dev/null 2>&1
  podman volume ls -q --filter "label=io.podman.compose.project=$PROJECT" | xargs -r podman volume rm -f >/dev/null 2>&1
  rm -rf "${jar_context:-}" "${compose_log:-}" "$compose_file"
  local left
  left=$(( $(podman ps -aq --filter "label=io.podman.compose.project=$PROJECT" | wc -l)
    + $(podman volume ls -q --filter "label=io.podman.compose.project=$PROJECT" | wc -l)
    + $(podman network ls -q --filter name='^authsuite$' | wc -l) ))
  phase "done"
  log "timings:"
  for line in "${timings[@]}"; do log "  $line"; done
  log "  $(printf '%-44s %4d s' total $((SECONDS - t0)))"
  if [ "$left" -ne 0 ]; then
    log "containers, volumes or the network of $PROJECT are still there"
    code=1
  fi
  [ "$code" -eq 0 ] && log "PASSED" || log "FAILED"
  exit "$code"
}
trap cleanup EXIT

phase "preflight"
for tool in podman podman-compose java; do
  command -v "$tool" >/dev/null || { log "$tool is not installed (apt-get install -y podman podman-compose runc mmdebstrap)"; exit 1; }
done
log "$(podman --version), podman-compose $(podman-compose version 2>/dev/null | sed -n 's/.*podman-compose version *//p' | head -n 1)"
# a stack of a previous, interrupted run would hold the ports
podman ps -aq --filter "label=io.podman.compose.project=$PROJECT" | xargs -r podman rm -f -t 5 >/dev/null
podman network rm -f authsuite >/dev/null 2>&1 || true
# The stack publishes 8025-8029 and 8080; where one of them is taken on this host (a suite running here),
# the smoke run's copy of the file publishes each on port+SMOKE_PORT_OFFSET (default 10000) instead.
port_taken() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
offset=${SMOKE_PORT_OFFSET:-0}
if [ "$offset" -eq 0 ]; then
  for port in 8025 8026 8027 8028 8029 8080; do
    port_taken "$port" && offset=10000
  done
fi
for port in 8025 8026 8027 8028 8029 8080; do
  if port_taken $((port + offset)); then
    log "port $((port + offset)) is taken on this host (set SMOKE_PORT_OFFSET)"
    exit 1
  fi
done
[ "$offset" -ne 0 ] && log "published ports shifted by $offset (8025 -> $((8025 + offset)), 8080 -> $((8080 + offset)))"
export SMOKE_PORT_OFFSET=$offset

phase "base images"
case "${SMOKE_BASES:-auto}" in
  public) bases=public ;;
  debian) bases=debian ;;
  *)
    # a registry answers when the runtime base can be pulled within a few seconds
    if timeout 20 podman pull -q eclipse-temurin:17.0.13_11-jre-alpine >/dev/null 2>&1; then bases=public; else bases=debian; fi ;;
esac
if [ "$bases" = debian ]; then
  log "no registry answers (or SMOKE_BASES=debian): base images from Debian packages"
  # its progress goes to our output as it comes; only its NAME=value lines are kept (not `tee /dev/stderr`:
  # reopening stderr truncates it when it is a file, and with it the CI log written so far)
  bases_out=$(bash "$here/base-images.sh" | while IFS= read -r line; do printf '%s\n' "$line" >&2; printf '%s\n' "$line"; done)
  eval "$(printf '%s\n' "$bases_out" | grep -E '^[A-Z_]+=')"
  export REDIS_IMAGE POSTGRES_IMAGE EDGE_IMAGE
  build_args=(--build-arg "RUNTIME_IMAGE=$RUNTIME_IMAGE")
else
  log "public base images (the Dockerfile's and docker-compose.yml's defaults)"
  build_args=()
fi

phase "launcher jar"
jar=launcher/target/authsuite.jar
if [ "${SMOKE_JAR:-prebuilt}" = prebuilt ]; then
  if [ ! -f "$jar" ] || [ -n "$(find pom.xml ./*/pom.xml ./*/src/main clients/web/demo clients/web/dist -newer "$jar" -type f -print -quit)" ]; then
    log "building $jar (mvn -DskipTests package)"
    mvn -B -ntp -q -DskipTests -pl launcher -am package
  else
    log "$jar is up to date with the sources"
  fi
  # the image must carry the coordinator's demo page and the web client it loads
  unzip -l "$jar" 2>/dev/null | grep -q 'webroot/demo/lib/index.js' || jar tf "$jar" | grep -q 'webroot/demo/lib/index.js' \
    || { log "$jar lacks webroot/demo/lib/index.js (clients/web)"; exit 1; }
  jar_context=$(mktemp -d)
  cp "$jar" "$jar_context/authsuite.jar"
  context=$jar_context
  build_args+=(--target prebuilt)
else
  context=$root
  build_args+=(--target runtime)
  [ -n "${BUILD_IMAGE:-}" ] && build_args+=(--build-arg "BUILD_IMAGE=$BUILD_IMAGE")
fi

phase "service images"
for entry in "${SERVICES[@]}"; do
  name=${entry%%:*} port=${entry##*:}
  start=$SECONDS
  # --format docker keeps the HEALTHCHECK (OCI image configs have no place for it)
  podman build -q --format docker -f "$root/Dockerfile" "${build_args[@]}" \
    --build-arg "SERVICE=$name" --build-arg "PORT=$port" -t "authsuite/$name:$AUTHSUITE_TAG" "$context" >/dev/null
  log "authsuite/$name:$AUTHSUITE_TAG built in $((SECONDS - start)) s"
done

phase "secrets"
sh deploy/secrets/generate.sh | grep -E '^(generated|kept)' | sed 's/^/[smoke]   /'

phase "stack up (podman-compose)"
sed -E 's/\$\{([A-Za-z_][A-Za-z0-9_]*):-\}/${\1}/g' docker-compose.yml \
  | awk -v offset="$offset" '/^ *ports: \["[0-9]+:[0-9]+"\]/ { match($0, /[0-9]+:/); host = substr($0, RSTART, RLENGTH - 1);
      sub(host ":", (host + offset) ":") } { print }' > "$compose_file"
grep -E '^ *ports:' "$compose_file" | tr -s ' ' | sort | uniq | tr '\n' ' ' | sed 's/^/[smoke] published: /; s/$/\n/'
container() { podman ps -a --filter "label=io.podman.compose.project=$PROJECT" --filter "label=com.docker.compose.service=$1" --format '{{.Names}}' | head -n 1; }
# The container's own health check (the image's, or compose's), run by podman on demand: without systemd
# podman schedules none itself.
wait_healthy() {
  local service=$1 deadline=$((SECONDS + HEALTH_TIMEOUT)) name start=$SECONDS
  name=$(container "$service")
  [ -n "$name" ] || { log "$service: no container"; return 1; }
  until podman healthcheck run "$name" >/dev/null 2>&1; do
    if [ "$(podman inspect -f '{{.State.Running}}' "$name")" != true ] && [ "$(podman inspect -f '{{.State.Restarting}}' "$name")" != true ]; then
      log "$service: container is not running"
      return 1
    fi
    if [ $SECONDS -ge $deadline ]; then
      log "$service: not healthy after ${HEALTH_TIMEOUT} s"
      return 1
    fi
    sleep 1
  done
  log "$service healthy after $((SECONDS - start)) s"
}
compose_log=$(mktemp)
# every container created at once (podman-compose's own `up` of one service re-runs all its dependencies,
# 10-20 s each), then started in compose's depends_on order, each once the ones before it are healthy
start=$SECONDS
compose up --no-build --no-start >"$compose_log" 2>&1 || { cat "$compose_log"; exit 1; }
log "podman-compose up --no-start: $(podman ps -a --filter "label=io.podman.compose.project=$PROJECT" -q | wc -l) containers created ($((SECONDS - start)) s)"
launch() {
  local service
  for service in "$@"; do
    podman start "$(container "$service")" >/dev/null
  done
  for service in "$@"; do
    wait_healthy "$service"
  done
}
launch redis postgres
for entry in "${SERVICES[@]}"; do
  service=${entry%%:*}
  # the gateway's upstream (compose: echo-chat, service_started, required: false)
  [ "$service" = websocket-auth-gateway ] && launch echo-chat
  launch "$service"
done
launch edge
podman ps --filter "label=io.podman.compose.project=$PROJECT" --format '{{.Names}}\t{{.Status}}\t{{.Ports}}' | sed 's/^/[smoke]   /'

# A one-off container of a service image with the compose file's environment and secrets, on the stack's
# network: `docker run IMAGE <command>` as an operator would run it.
suite_run() {
  local mounts=() secret
  for secret in jwt_secret_key service_secret emergency_signing_key redis_url database_url; do
    mounts+=(-v "$root/deploy/secrets/$secret:/run/secrets/$secret:ro")
  done
  podman run --rm --network authsuite "${mounts[@]}" -e SUITE_PROFILE=prod \
    -e JWT_SECRET_KEY_FILE=/run/secrets/jwt_secret_key -e SERVICE_SECRET_FILE=/run/secrets/service_secret \
    -e EMERGENCY_SIGNING_KEY_FILE=/run/secrets/emergency_signing_key -e REDIS_URL_FILE=/run/secrets/redis_url \
    -e DATABASE_URL_FILE=/run/secrets/database_url "$@"
}

phase "smoke test through the published ports"
# the coordinator's drill endpoint is internal: a token minted by the image's own launcher command
internal=$(suite_run "authsuite/service-boundary-coordinator:$AUTHSUITE_TAG" internal-token --subject smoke --ttl 300 2>/dev/null | tail -n 1)
[ -n "$internal" ] || { log "internal-token gave nothing"; exit 1; }
SMOKE_INTERNAL_TOKEN=$internal SMOKE_EDGE=true java "$here/SmokeCheck.java"

phase "preflight from the image (check-config --deep)"
suite_run "authsuite/jwt-token-adapter:$AUTHSUITE_TAG" check-config --deep 2>&1 | grep -v 'systemd connection' | sed 's/^/[smoke]   /' \
  || { log "check-config --deep failed in the image"; exit 1; }
