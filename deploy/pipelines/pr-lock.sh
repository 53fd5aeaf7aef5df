#!/usr/bin/env bash
# The PR pipeline lock for CI pipelines, against Micro's PR-lock service (replaces checkstatus.sh and the variable group).
#
#   pr-lock.sh acquire|master-applied|complete|abort <environment> <pull-request>
#
# Prints one line for people (e.g. "Locked by PullRequest: 12, Current Status: MasterApplied") and exits
#   0  the pipeline may proceed (acquired; resumed, "Skip update State."; transition recorded)
#   1  the pipeline must stop (locked by another pull request; expired; transition refused)
#   2  usage error, Micro unreachable, or an unexpected answer (the message says which)
#
# Settings (environment):
#   MICRO_URL          required: Micro's address, e.g. https://micro.example.com (the gateway or the standalone host)
#   MICRO_TOKEN        the API token, when Micro's /api/** asks for one (sent in a header, never on the command line)
#   MICRO_REPOSITORY   owner/name of the pull request's repository, sent with acquire so that commit statuses and closed
#                      pull requests reach the right lock (optional when PrLock:Environments:<env>:Repository is configured)
#   MICRO_TIMEOUT      seconds to wait for an answer (default 30)
# With GITHUB_OUTPUT set (GitHub Actions), the step's outputs "result" and "status" are written too.
set -uo pipefail

usage() {
  printf 'usage: pr-lock.sh acquire|master-applied|complete|abort <environment> <pull-request>\n' >&2
  exit 2
}

fail() {
  printf 'error: %s\n' "$*" >&2
  exit 2
}

# The value of a string field of the flat JSON objects Micro answers with (no jq on most agents).
field() { # json name
  printf '%s' "$1" | sed -n "s/.*\"$2\":\"\\(\\([^\"\\\\]\\|\\\\.\\)*\\)\".*/\\1/p" | sed 's/\\"/"/g; s/\\\\/\\/g'
}

[[ $# -eq 3 ]] || usage
action=$1 environment=$2 pull_request=$3
case $action in
  acquire | master-applied | complete | abort) ;;
  *) usage ;;
esac
[[ $environment =~ ^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$ ]] || fail "'$environment' is not an environment name (letters, digits, '.', '_', '-')"
[[ $pull_request =~ ^[1-9][0-9]{0,8}$ ]] || fail "the pull request must be a positive number, not '$pull_request'"
[[ -n ${MICRO_URL:-} ]] || fail "MICRO_URL is not set (Micro's address, e.g. https://micro.example.com)"

body="{\"pullRequest\": $pull_request}"
if [[ $action == acquire && -n ${MICRO_REPOSITORY:-} ]]; then
  [[ $MICRO_REPOSITORY =~ ^[A-Za-z0-9][A-Za-z0-9-]*/[A-Za-z0-9._-]+$ ]] || fail "MICRO_REPOSITORY must be owner/name, not '$MICRO_REPOSITORY'"
  body="{\"pullRequest\": $pull_request, \"repository\": \"$MICRO_REPOSITORY\"}"
fi

# The token goes to curl on stdin, so it never shows in the process list or a trace.
config="header = \"Content-Type: application/json\""$'\n'
[[ -n ${MICRO_TOKEN:-} ]] && config+="header = \"Authorization: Bearer $MICRO_TOKEN\""$'\n'

answer=$(printf '%s' "$config" | curl --silent --show-error --max-time "${MICRO_TIMEOUT:-30}" --config - \
  --request POST --data "$body" --write-out '\n%{http_code}' "${MICRO_URL%/}/api/locks/$environment/$action" 2>&1)
code=$?
((code == 0)) || fail "cannot reach Micro at $MICRO_URL: ${answer##*curl: }"

http_status=${answer##*$'\n'}
json=${answer%$'\n'*}
message=$(field "$json" message)
result=$(field "$json" result)

if [[ -n ${GITHUB_OUTPUT:-} && -n $result ]]; then
  printf 'result=%s\nstatus=%s\n' "$result" "$(field "$json" status)" >>"$GITHUB_OUTPUT"
fi

case $http_status in
  200)
    printf '%s\n' "$message"
    exit 0
    ;;
  409)
    printf '%s\n' "$message"
    exit 1
    ;;
  *)
    detail=$(field "$json" detail)
    fail "Micro answered HTTP $http_status to $action: ${detail:-$(field "$json" title)}"
    ;;
esac
