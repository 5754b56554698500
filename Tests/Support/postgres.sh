# Sourced by Tests/test.sh: a throwaway PostgreSQL cluster for the suite, on a free port, in a
# temporary directory, run as an unprivileged user and stopped when the test command exits.
# Exports MINICRM_TEST_POSTGRES=postgres://minicrm@127.0.0.1:PORT/postgres.

postgres_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

start_test_postgres() {
  if [ ! -x "$(postgres_bin)/initdb" ]; then
    echo "==> Installing PostgreSQL"
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends postgresql postgresql-contrib >/dev/null
  fi
  local bin user dir port
  bin=$(postgres_bin)
  # PostgreSQL refuses to run as root: the cluster belongs to the package's own user.
  if [ "$(id -u)" = 0 ]; then user=postgres; else user=$(id -un); fi
  dir=$(mktemp -d /tmp/minicrm-postgres.XXXXXX)
  chown "$user" "$dir"
  port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  if [ "$(id -un)" = "$user" ]; then TEST_POSTGRES_AS=""; else TEST_POSTGRES_AS="runuser -u $user --"; fi
  as_user() { $TEST_POSTGRES_AS "$@"; }
  as_user "$bin/initdb" -D "$dir/data" -U minicrm --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  # Durability is not what the suite tests here: no fsync makes the cluster fast on a busy machine.
  as_user "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w -o \
    "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c max_connections=400" start >/dev/null
  export MINICRM_TEST_POSTGRES="postgres://minicrm@127.0.0.1:$port/postgres"
  TEST_POSTGRES_STOP="$TEST_POSTGRES_AS $bin/pg_ctl -D $dir/data -m immediate stop >/dev/null; rm -rf $dir"
  trap 'eval "$TEST_POSTGRES_STOP"' EXIT
  echo "==> PostgreSQL for the tests on port $port"
}
