#!/bin/bash
# The public image's contract: a cluster initialised on first start from POSTGRES_* with the init scripts run
# once, password authentication from other hosts, the server running as the postgres user.
set -euo pipefail
if [[ ${1:-} != postgres ]]; then
    exec "$@"
fi
user=${POSTGRES_USER:-postgres}
db=${POSTGRES_DB:-$user}
mkdir -p "$PGDATA" /var/run/postgresql
chown postgres:postgres "$PGDATA" /var/run/postgresql
chmod 700 "$PGDATA"
as_postgres() { runuser -u postgres -- "$@"; }
if [[ ! -s $PGDATA/PG_VERSION ]]; then
    if [[ -z ${POSTGRES_PASSWORD:-} ]]; then
        echo "error: database is uninitialized and POSTGRES_PASSWORD is not set" >&2
        exit 1
    fi
    pwfile=$(mktemp)
    printf '%s' "$POSTGRES_PASSWORD" >"$pwfile"
    chown postgres "$pwfile"
    as_postgres initdb -D "$PGDATA" -U "$user" --pwfile="$pwfile" --auth-local=trust --auth-host=scram-sha-256 \
        -E UTF8 --locale=C.UTF-8 >/dev/null
    rm -f "$pwfile"
    echo "host all all all scram-sha-256" >>"$PGDATA/pg_hba.conf"
    # The init scripts run against a server on its socket only, so that no client connects before they are done.
    as_postgres pg_ctl -D "$PGDATA" -o "-c listen_addresses=''" -w start >/dev/null
    psql=(psql -v ON_ERROR_STOP=1 -h /var/run/postgresql -U "$user" --no-password)
    [[ $db == postgres ]] || "${psql[@]}" -d postgres -c "CREATE DATABASE \"$db\"" >/dev/null
    for f in /docker-entrypoint-initdb.d/*; do
        case $f in
            *.sql) echo "running $f"; "${psql[@]}" -d "$db" -f "$f" ;;
            *.sh) echo "running $f"; . "$f" ;;
        esac
    done
    as_postgres pg_ctl -D "$PGDATA" -m fast -w stop >/dev/null
    echo "PostgreSQL init process complete; ready for start up."
fi
exec runuser -u postgres -- postgres -D "$PGDATA" -c listen_addresses='*'
