#!/usr/bin/env bash
# Base images from Debian packages, for a machine that cannot pull the public ones (no registry, or an
# air gap with a Debian mirror): mmdebstrap builds a root filesystem from packages, the engine imports it.
#   bash deploy/containers/base-images.sh            # the smoke run's four images (skips those present)
#   REBUILD_BASES=true bash deploy/containers/base-images.sh
#   bash deploy/containers/base-images.sh --with-build-image   # also a JDK + Maven image for BUILD_IMAGE
# Images (PREFIX=localhost/authsuite-base, SUITE=bookworm):
#   $PREFIX/jre:17-$SUITE      openjdk-17-jre-headless + wget    -> the Dockerfile's RUNTIME_IMAGE
#   $PREFIX/redis:$SUITE       redis-server                      -> compose REDIS_IMAGE, TEST_REDIS_IMAGE
#   $PREFIX/postgres:$SUITE    PostgreSQL 15 + postgres-entrypoint.sh -> compose POSTGRES_IMAGE, TEST_POSTGRES_IMAGE
#   $PREFIX/nginx:$SUITE       nginx + envsubst + nginx-entrypoint.sh -> compose EDGE_IMAGE
#   $PREFIX/maven:17-$SUITE    openjdk-17-jdk-headless + maven (only with --with-build-image) -> BUILD_IMAGE
# redis, postgres and nginx share one root filesystem (one mmdebstrap run) and differ in their last layer.
# Needs root (mmdebstrap's root mode), mmdebstrap and podman (or ENGINE=docker). Prints each step's time.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
ENGINE=${ENGINE:-podman}
SUITE=${DEBIAN_SUITE:-bookworm}
MIRROR=${DEBIAN_MIRROR:-}
PREFIX=${BASE_IMAGE_PREFIX:-localhost/authsuite-base}
FORCE=${REBUILD_BASES:-false}
with_build_image=false
[ "${1:-}" = --with-build-image ] && with_build_image=true

JRE_IMAGE=$PREFIX/jre:17-$SUITE
SERVICES_ROOTFS=$PREFIX/rootfs-services:$SUITE
REDIS_IMAGE=$PREFIX/redis:$SUITE
POSTGRES_IMAGE=$PREFIX/postgres:$SUITE
EDGE_IMAGE=$PREFIX/nginx:$SUITE
MAVEN_IMAGE=$PREFIX/maven:17-$SUITE

log() { printf '[base-images] %s\n' "$*"; }
have() { [ "$FORCE" != true ] && $ENGINE image inspect "$1" >/dev/null 2>&1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# rootfs IMAGE PACKAGES [mmdebstrap options...]: a minbase root filesystem with the packages, imported.
rootfs() {
  local image=$1 packages=$2; shift 2
  if have "$image"; then log "$image: present"; return; fi
  local start=$SECONDS
  log "$image: mmdebstrap $SUITE with $packages"
  # --skip=cleanup/... keeps nothing of apt's caches; the mirror is the host's default unless DEBIAN_MIRROR
  mmdebstrap --quiet --variant=minbase --include="$packages" "$@" "$SUITE" "$work/rootfs.tar" ${MIRROR:+"$MIRROR"}
  $ENGINE import --quiet --change 'CMD ["/bin/bash"]' "$work/rootfs.tar" "$image" >/dev/null
  rm -f "$work/rootfs.tar"
  log "$image: built in $((SECONDS - start)) s"
}

# derived IMAGE FROM CONTAINERFILE-LINES: a last layer on a root filesystem (context: this directory).
derived() {
  local image=$1 from=$2 lines=$3
  if have "$image"; then log "$image: present"; return; fi
  local start=$SECONDS
  printf 'FROM %s\n%s\n' "$from" "$lines" > "$work/Containerfile"
  $ENGINE build --quiet --format docker -f "$work/Containerfile" -t "$image" "$here" >/dev/null
  log "$image: built in $((SECONDS - start)) s"
}

rootfs "$JRE_IMAGE" openjdk-17-jre-headless,wget
[ "$FORCE" = true ] && $ENGINE image rm -f "$REDIS_IMAGE" "$POSTGRES_IMAGE" "$EDGE_IMAGE" >/dev/null 2>&1 || true
if ! have "$REDIS_IMAGE" || ! have "$POSTGRES_IMAGE" || ! have "$EDGE_IMAGE"; then
  # no cluster from postgresql-common (the entrypoint makes its own in PGDATA); /data for redis, as upstream
  rootfs "$SERVICES_ROOTFS" redis-server,redis-tools,postgresql-15,postgresql-client-15,nginx,gettext-base,wget \
    --customize-hook='rm -rf "$1"/var/lib/postgresql/15 "$1"/etc/postgresql/15' \
    --customize-hook='mkdir -p "$1"/data "$1"/var/lib/postgresql/data "$1"/run/postgresql && chroot "$1" chown redis:redis /data && chroot "$1" chown postgres:postgres /var/lib/postgresql/data /run/postgresql'
fi
derived "$REDIS_IMAGE" "$SERVICES_ROOTFS" '
WORKDIR /data
USER redis
EXPOSE 6379
CMD ["redis-server", "--protected-mode", "no"]'
derived "$POSTGRES_IMAGE" "$SERVICES_ROOTFS" '
COPY postgres-entrypoint.sh /usr/local/bin/postgres-entrypoint.sh
ENV PATH=/usr/lib/postgresql/15/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin PGDATA=/var/lib/postgresql/data
EXPOSE 5432
STOPSIGNAL SIGINT
ENTRYPOINT ["/usr/local/bin/postgres-entrypoint.sh"]
CMD []'
derived "$EDGE_IMAGE" "$SERVICES_ROOTFS" '
COPY nginx-entrypoint.sh /usr/local/bin/nginx-entrypoint.sh
RUN rm -f /etc/nginx/sites-enabled/default && mkdir -p /etc/nginx/templates
EXPOSE 80
STOPSIGNAL SIGQUIT
ENTRYPOINT ["/usr/local/bin/nginx-entrypoint.sh"]
CMD ["nginx", "-g", "daemon off;"]'
if [ "$with_build_image" = true ]; then
  rootfs "$MAVEN_IMAGE" openjdk-17-jdk-headless,maven
fi

cat <<EOT
RUNTIME_IMAGE=$JRE_IMAGE
REDIS_IMAGE=$REDIS_IMAGE
POSTGRES_IMAGE=$POSTGRES_IMAGE
EDGE_IMAGE=$EDGE_IMAGE
EOT
[ "$with_build_image" = true ] && echo "BUILD_IMAGE=$MAVEN_IMAGE"
exit 0
