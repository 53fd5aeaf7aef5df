namespace Micro.RunnerBroker.Slurm;

/// <summary>
/// The batch script of a runner job. It holds no secret: the launcher token arrives in the job's environment
/// (<c>MICRO_LAUNCHER_TOKEN</c>), is sent to Micro on curl's standard input rather than its command line, and is gone before the
/// runner starts. Like the original's watchdog, the script gives up when the runner has taken no job within the idle timeout
/// (the actions runner prints "Running job" when it takes one).
/// </summary>
public static class SlurmBatchScript
{
    public static string For(string runnerCommand, TimeSpan idleTimeout) =>
        Template
            .Replace("@IDLE_SECONDS@", ((long)Math.Ceiling(idleTimeout.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture))
            .Replace("@RUNNER_COMMAND@", runnerCommand.ReplaceLineEndings("\n").Trim());

    const string Template =
        """
        #!/bin/bash
        # An ephemeral GitHub Actions runner launched by Micro (runner broker).
        set -uo pipefail
        say() { printf 'micro: %s\n' "$*" >&2; }

        # The registration token, for the launcher token (single use). Headers come on stdin: argv is visible to every user.
        answer=$(printf 'header = "Authorization: %s"\n' "$MICRO_LAUNCHER_TOKEN" |
            curl --config - --silent --show-error --fail --retry 5 --max-time 60 --request POST --data '' "$MICRO_TOKEN_URL")
        status=$?
        unset MICRO_LAUNCHER_TOKEN
        if ((status != 0)); then
            say "could not get a registration token from $MICRO_TOKEN_URL (curl exit $status)"
            exit 1
        fi
        field() { printf '%s' "$answer" | sed -n "s/.*\"$1\"[[:space:]]*:[[:space:]]*\"\\([^\"]*\\)\".*/\\1/p"; }
        # A registration token, or (RunnerBroker:RunnerMode=jit) a just-in-time runner configuration; the actions runner reads
        # either from its ACTIONS_RUNNER_INPUT_ variables and drops them before it runs a job.
        jit_config=$(field encoded_jit_config)
        RUNNER_TOKEN=$(field token)
        unset answer
        if [[ -n $jit_config ]]; then
            export ACTIONS_RUNNER_INPUT_JITCONFIG=$jit_config
        elif [[ -n $RUNNER_TOKEN ]]; then
            export RUNNER_TOKEN ACTIONS_RUNNER_INPUT_TOKEN=$RUNNER_TOKEN
        else
            say "the answer of $MICRO_TOKEN_URL holds neither a token nor a runner configuration"
            exit 1
        fi
        unset jit_config
        export RUNNER_NAME=${RUNNER_NAME:-micro-${SLURM_JOB_ID:-$$}}

        runner() {
        @RUNNER_COMMAND@
        }

        busy=$(mktemp) && rm -f "$busy"
        idle=$(mktemp) && rm -f "$idle"
        trap 'rm -f "$busy" "$idle"' EXIT
        # Job control: the runner and the watchdog each get a process group, so either can be stopped with all it started.
        set -m
        runner 2>&1 | while IFS= read -r line; do
            printf '%s\n' "$line"
            [[ $line != *"Running job"* ]] || : >"$busy"
        done &
        runner_group=$(jobs -p %%)
        (
            sleep @IDLE_SECONDS@
            if [[ ! -e $busy ]]; then
                : >"$idle"
                say "the runner took no job within @IDLE_SECONDS@ s; giving up"
                kill -TERM -- "-$runner_group"
            fi
        ) &
        watchdog=$!
        # Back off job control now that the groups exist: it would only add "Terminated" notices to the output.
        set +m
        wait "$runner_group"
        status=$?
        kill -TERM -- "-$watchdog" 2>/dev/null
        # Giving up on an idle runner is the expected end, not a failure.
        [[ -e $idle ]] && exit 0
        exit "$status"
        """;
}
