#!/usr/bin/env bash
# Start a throwaway PostgreSQL from the Debian package for the storage tests and print its
# SQLAlchemy URL on stdout. Prints nothing (and explains on stderr) when it cannot.
set -uo pipefail
say() { echo "ci-postgres: $*" >&2; }
if ! ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1; then
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    say "installing postgresql from Debian"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql) >/dev/null 2>&1 \
      || { say "could not install postgresql; PostgreSQL tests will be skipped"; exit 0; }
  else
    say "no postgresql and no root to install it; PostgreSQL tests will be skipped"; exit 0
  fi
fi
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
dir=$(mktemp -d /tmp/interviewer-pg.XXXXXX)
port=$((20000 + RANDOM % 20000))
if [ "$(id -u)" = 0 ]; then
  chown postgres "$dir"
  run() { runuser -u postgres -- "$@"; }
else
  run() { "$@"; }
fi
run "$bin/initdb" -D "$dir/data" -A trust -U interviewer >/dev/null 2>&1 || { say "initdb failed"; exit 0; }
run "$bin/pg_ctl" -D "$dir/data" -o "-p $port -k $dir -c listen_addresses=127.0.0.1" -l "$dir/log" -w start >/dev/null 2>&1 \
  || { say "postgres did not start (see $dir/log)"; exit 0; }
run "$bin/createdb" -h 127.0.0.1 -p "$port" -U interviewer interviewer_test >/dev/null 2>&1 || { say "createdb failed"; exit 0; }
echo "postgresql+psycopg://interviewer@127.0.0.1:$port/interviewer_test"
