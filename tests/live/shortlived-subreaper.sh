#!/usr/bin/env bash
# The short-lived test with every container shell under a subreaper in
# another cgroup, and fork records in the rules: orphans adopted by the
# subreaper must still get the identity of the process they came from.
exec env ACG_SL_SUBREAPER=1 bash "$(dirname "$0")/shortlived.sh" "$@"
