#!/bin/sh
# The Debian-package PostgreSQL image's entrypoint (base-images.sh): what docker-compose.yml and the test
# kit (TestPostgres) use of the official postgres image's, and nothing more.
#   POSTGRES_USER (postgres), POSTGRES_DB (= user), POSTGRES_PASSWORD or POSTGRES_PASSWORD_FILE,
#   POSTGRES_HOST_AUTH_METHOD (scram-sha-256 with a password, else trust), PGDATA
#   on the first start (empty PGDATA): initdb, then /docker-entrypoint-initdb.d/*.sql|*.sql.gz|*.sh in order
# Runs as root only to own its directories, then as the postgres user; arguments are extra server options.
set -eu

PGDATA=${PGDATA:-/var/lib/postgresql/data}
export PGDATA
if [ "$(id -u)" = 0 ]; then
  mkdir -p "$PGDATA" /run/postgresql
  chown -R postgres:postgres "$PGDATA" /run/postgresql
  chmod 0700 "$PGDATA"
  exec setpriv --reuid=postgres --regid=postgres --init-groups "$0" "$@"
fi

user=${POSTGRES_USER:-postgres}
db=${POSTGRES_DB:-$user}
password=${POSTGRES_PASSWORD:-}
if [ -n "${POSTGRES_PASSWORD_FILE:-}" ]; then
  password=$(cat "$POSTGRES_PASSWORD_FILE")
fi
auth=${POSTGRES_HOST_AUTH_METHOD:-}
if [ -z "$auth" ]; then
  if [ -n "$password" ]; then auth=scram-sha-256; else auth=trust; fi
fi
if [ "$auth" != trust ] && [ -z "$password" ]; then
  echo "postgres-entrypoint: POSTGRES_PASSWORD or POSTGRES_PASSWORD_FILE is required (or POSTGRES_HOST_AUTH_METHOD=trust)" >&2
  exit 1
fi

if [ ! -s "$PGDATA/PG_VERSION" ]; then
  pwfile=$(mktemp)
  printf '%s' "$password" > "$pwfile"
  initdb -D "$PGDATA" -U "$user" -E UTF8 --locale=C.UTF-8 --auth-local=trust --auth-host="$auth" \
    $( [ -n "$password" ] && echo "--pwfile=$pwfile" )
  rm -f "$pwfile"
  printf 'host all all all %s\n' "$auth" >> "$PGDATA/pg_hba.conf"
  # a private server (no TCP) for the initialisation, as the official image does
  pg_ctl -D "$PGDATA" -o "-c listen_addresses='' -c unix_socket_directories=/run/postgresql" -w start
  if [ "$db" != postgres ]; then
    psql -v ON_ERROR_STOP=1 -h /run/postgresql -U "$user" -d postgres -q -c "CREATE DATABASE \"$db\""
  fi
  for f in /docker-entrypoint-initdb.d/*; do
    case "$f" in
      *.sql) echo "postgres-entrypoint: running $f"; psql -v ON_ERROR_STOP=1 -h /run/postgresql -U "$user" -d "$db" -q -f "$f" ;;
      *.sql.gz) echo "postgres-entrypoint: running $f"; gunzip -c "$f" | psql -v ON_ERROR_STOP=1 -h /run/postgresql -U "$user" -d "$db" -q ;;
      *.sh) echo "postgres-entrypoint: sourcing $f"; . "$f" ;;
      *) [ -e "$f" ] && echo "postgres-entrypoint: ignoring $f" ;;
    esac
  done
  pg_ctl -D "$PGDATA" -m fast -w stop
  echo "postgres-entrypoint: initialised; starting"
fi

exec postgres -D "$PGDATA" -c listen_addresses='*' -c unix_socket_directories=/run/postgresql "$@"
