#!/bin/sh
# The public image's contract: the default user and virtual host from the environment, reachable from other
# hosts (guest too, as there), the broker running as the rabbitmq user.
set -eu
if [ "${1:-}" = rabbitmq-server ]; then
    {
        echo "loopback_users = none"
        echo "listeners.tcp.default = 5672"
        echo "management.tcp.port = 15672"
        echo "default_user = ${RABBITMQ_DEFAULT_USER:-guest}"
        echo "default_pass = ${RABBITMQ_DEFAULT_PASS:-guest}"
        echo "default_vhost = ${RABBITMQ_DEFAULT_VHOST:-/}"
    } >/etc/rabbitmq/rabbitmq.conf
    chown -R rabbitmq:rabbitmq /var/lib/rabbitmq
    exec runuser -u rabbitmq -- /usr/lib/rabbitmq/bin/rabbitmq-server
fi
exec "$@"
