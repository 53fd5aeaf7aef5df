using System.Net;
using Micro.GitHub;

namespace Micro.Rerun.GitHubActions;

/// <summary>What asking GitHub to re-run an attempt came to.</summary>
public abstract record CallOutcome(string Reason, string? Answer)
{
    /// <summary>GitHub accepted the re-run (now, or before a restart interrupted the bookkeeping).</summary>
    public sealed record Requested(string Reason, string Answer) : CallOutcome(Reason, Answer);

    /// <summary>Nothing more will be asked about this attempt.</summary>
    public sealed record Final(RerunDecision Decision, string Reason, string? Answer) : CallOutcome(Reason, Answer);

    /// <summary>Worth asking again after <paramref name="After"/> (rate limit, server error, unreachable).</summary>
    public sealed record Retry(TimeSpan? After, string Reason, string Answer) : CallOutcome(Reason, Answer);

    /// <summary>GitHub says the run has not finished: later jobs are still to come.</summary>
    public sealed record StillRunning(string Reason, string Answer) : CallOutcome(Reason, Answer);
}

/// <summary>
/// One re-run request for a due attempt: confirm with <c>GET .../actions/runs/{id}</c> that the run has finished and is still on this
/// attempt, then <c>POST .../rerun-failed-jobs</c>. Errors become outcomes; none escapes.
/// </summary>
public sealed class RerunCall(GitHubClient github)
{
    /// <param name="interrupted">An earlier call for this attempt may have reached GitHub before the process died.</param>
    public async Task<CallOutcome> Make(WorkflowRunAttemptState attempt, bool interrupted, CancellationToken cancellationToken)
    {
        var target = new GitHubTarget(attempt.Repository, attempt.InstallationId);
        try
        {
            var run = await github.GetWorkflowRun(target, attempt.RunId, cancellationToken);
            if (run.RunAttempt > attempt.RunAttempt)
            {
                return interrupted
                    ? new CallOutcome.Requested($"GitHub shows attempt {run.RunAttempt}: the re-run requested before a restart took effect", "200")
                    : new CallOutcome.Final(RerunDecision.Superseded, $"attempt {run.RunAttempt} was started by someone else first", "200");
            }

            if (run.Status != "completed")
                return new CallOutcome.StillRunning($"GitHub reports the run {run.Status}", "200");

            await github.RerunFailedJobs(target, attempt.RunId, cancellationToken);
            return new CallOutcome.Requested("GitHub accepted the re-run of the failed jobs", "201");
        }
        catch (GitHubNotConfiguredException error)
        {
            return new CallOutcome.Final(RerunDecision.RerunFailed, error.Message, null);
        }
        catch (GitHubApiException error) when (error.IsTransient)
        {
            return new CallOutcome.Retry(error.RetryAfter, "GitHub asked to wait or failed", Answer(error));
        }
        catch (GitHubApiException error)
        {
            return new CallOutcome.Final(RerunDecision.RerunFailed, Refusal(error), Answer(error));
        }
        catch (Exception error) when (error is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return new CallOutcome.Retry(null, "GitHub could not be reached", $"{error.GetType().Name}: {error.Message}");
        }
        catch (Exception error) when (!cancellationToken.IsCancellationRequested)
        {
            // An answer that could not be read (a proxy's page, a changed shape): record it, and ask again rather than guess.
            return new CallOutcome.Retry(null, "GitHub's answer could not be used", $"{error.GetType().Name}: {error.Message}");
        }
    }

    static string Answer(GitHubApiException error) => $"{(int)error.StatusCode} {error.GitHubMessage}";

    static string Refusal(GitHubApiException error) => error.StatusCode switch
    {
        HttpStatusCode.NotFound => "GitHub does not know the run, or the credentials cannot see the repository",
        HttpStatusCode.Unauthorized => "GitHub refused the credentials",
        HttpStatusCode.Forbidden => "GitHub refused the re-run (permissions, the run is too old, or the re-run limit is reached)",
        _ => "GitHub refused the re-run",
    };
}
