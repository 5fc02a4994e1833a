#!/usr/bin/env bash
# Stops what up.sh started for this project: the Kafka broker. The system PostgreSQL is shared with other
# work on the machine, so it is left running.
set -euo pipefail
bash "$(dirname "${BASH_SOURCE[0]}")/kafka.sh" stop
