using System.Net;
using Micro.Contracts.GitHub;
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

    /// <summary>GitHub listed the attempt's jobs, for the saga to decide from.</summary>
    public sealed record JobsListed(IReadOnlyList<SeenJob> Jobs, string Reason, string Answer) : CallOutcome(Reason, Answer);
}

/// <summary>
/// One call to GitHub for a due attempt. A re-run request confirms with <c>GET .../actions/runs/{id}</c> that the run has finished and
/// is still on this attempt, then <c>POST .../rerun-failed-jobs</c>; an attempt whose failure its events did not show has its jobs listed
/// (<c>GET .../attempts/{n}/jobs</c>). Errors become outcomes; none escapes.
/// </summary>
public sealed class RerunCall(GitHubClient github)
{
    /// <param name="interrupted">An earlier call for this attempt may have reached GitHub before the process died.</param>
    public Task<CallOutcome> Make(WorkflowRunAttemptState attempt, bool interrupted, CancellationToken cancellationToken) =>
        Asking(attempt.CurrentState == nameof(WorkflowRunAttemptStateMachine.JobListDue)
            ? target => ListJobs(target, attempt, cancellationToken)
            : target => RequestRerun(target, attempt, interrupted, cancellationToken), attempt, cancellationToken);

    async Task<CallOutcome> RequestRerun(GitHubTarget target, WorkflowRunAttemptState attempt, bool interrupted, CancellationToken cancellationToken)
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

    async Task<CallOutcome> ListJobs(GitHubTarget target, WorkflowRunAttemptState attempt, CancellationToken cancellationToken)
    {
        var jobs = await github.ListRunAttemptJobs(target, attempt.RunId, attempt.RunAttempt, cancellationToken);
        var seen = jobs.Select(job => SeenJob.Of(job.Id, job.Name, Status(job.Status), job.Conclusion)).ToList();
        return new CallOutcome.JobsListed(seen, $"GitHub listed {seen.Count} jobs of the attempt", "200");
    }

    static WorkflowJobAction Status(string status) => status switch
    {
        "completed" => WorkflowJobAction.Completed,
        "in_progress" => WorkflowJobAction.InProgress,
        "waiting" => WorkflowJobAction.Waiting,
        _ => WorkflowJobAction.Queued,
    };

    static async Task<CallOutcome> Asking(Func<GitHubTarget, Task<CallOutcome>> call, WorkflowRunAttemptState attempt, CancellationToken cancellationToken)
    {
        try
        {
            return await call(new GitHubTarget(attempt.Repository, attempt.InstallationId));
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
        HttpStatusCode.Forbidden => "GitHub refused (permissions, the run is too old, or the re-run limit is reached)",
        _ => "GitHub refused the call",
    };
}
