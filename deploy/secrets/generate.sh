#!/usr/bin/env sh
# Writes fresh random secrets for docker-compose.yml into this directory (gitignored) and
# prints the kubectl command that creates the same secrets in Kubernetes.
# Existing files are kept (so a running deployment's tokens stay valid); FORCE=true replaces them.
set -eu
cd "$(dirname "$0")"

random() { head -c 48 /dev/urandom | base64 | tr -d '\n/+=' | head -c 64; }

write() {
  name=$1 value=$2
  if [ -s "$name" ] && [ "${FORCE:-false}" != true ]; then
    echo "kept      deploy/secrets/$name"
    return
  fi
  printf '%s' "$value" > "$name"
  # the containers run as uid 10001: the file must be readable by it through the bind mount;
  # the directory (0700) keeps other host users out
  chmod 0644 "$name"
  echo "generated deploy/secrets/$name"
}

chmod 0700 .
write jwt_secret_key "$(random)"
write service_secret "$(random)"
write emergency_signing_key "$(random)"
write postgres_password "$(random)"
write redis_password "$(random)"
write database_url "postgresql://authsuite:$(cat postgres_password)@postgres:5432/authsuite"
write redis_url "redis://:$(cat redis_password)@redis:6379"

cat <<'HINT'

jwt_secret_key must be the JWT_SECRET_KEY of your primary auth service: replace the generated one
with it when the suite validates that service's tokens.
Kubernetes (deploy/k8s/base expects these names):
  kubectl -n authsuite create secret generic authsuite-keys \
    --from-file=jwt-secret-key=deploy/secrets/jwt_secret_key \
    --from-file=service-secret=deploy/secrets/service_secret \
    --from-file=emergency-signing-key=deploy/secrets/emergency_signing_key
  kubectl -n authsuite create secret generic authsuite-dependencies \
    --from-literal=redis-url='redis://:<password>@<redis host>:6379' \
    --from-literal=database-url='postgresql://<user>:<password>@<postgres host>:5432/<db>'
HINT
