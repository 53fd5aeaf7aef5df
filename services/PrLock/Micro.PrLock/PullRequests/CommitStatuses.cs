using Micro.GitHub;
using Micro.PrLock.Data;
using Micro.PrLock.Locks;
using Microsoft.EntityFrameworkCore;

namespace Micro.PrLock.PullRequests;

/// <summary>
/// Where a pull request stands with an environment's lock, as a commit status on its head commit (context
/// <c>micro/pr-lock/{environment}</c>). Called from the bus only, never on a lock decision's path, so a slow or failing GitHub delays
/// only the status; transient errors go back to the bus to be retried, others are logged and dropped.
/// </summary>
sealed partial class CommitStatuses(PrLockDbContext db, GitHubClient github, ILogger<CommitStatuses> logger)
{
    public const string Held = "lock held";

    public static string WaitingFor(int holder) => $"waiting for lock held by #{holder}";

    public async Task Post(string environment, string? repository, int pullRequest, string state, string description, CancellationToken cancellationToken)
    {
        if (!github.IsConfigured || repository is null || pullRequest <= 0)
            return;

        var head = await db.Heads.AsNoTracking().SingleOrDefaultAsync(h => h.Repository == repository && h.Number == pullRequest, cancellationToken);
        if (head is null)
        {
            LogUnknownHead(logger, repository, pullRequest, environment);
            return;
        }

        await Send(environment, head, state, description, cancellationToken);
    }

    /// <summary>
    /// Posts the status that follows from the lock as it stands now. Events can be handled late or out of order (replicas, retries):
    /// one that no longer describes the lock posts nothing, so it cannot put an old status back over a newer one.
    /// </summary>
    public async Task PostCurrent(string environment, string? repository, int pullRequest, CancellationToken cancellationToken)
    {
        var id = EnvironmentNames.IdOf(environment);
        var found = await db.Locks.AsNoTracking().SingleOrDefaultAsync(l => l.CorrelationId == id, cancellationToken);
        if (found is not null && await StatusOf(found, pullRequest, cancellationToken) is { } status)
            await Post(environment, repository, pullRequest, status.State, status.Description, cancellationToken);
    }

    /// <summary>
    /// A new head commit has no status yet: give it the one its pull request has with each lock it holds or waits for. The head is
    /// the caller's, not yet stored, so that a retry after a failure here finds the commit still new.
    /// </summary>
    public async Task Refresh(PullRequestHead head, CancellationToken cancellationToken)
    {
        if (!github.IsConfigured)
            return;

        var locks = await db.Locks.AsNoTracking().Where(l => l.Repository == head.Repository).ToListAsync(cancellationToken);
        foreach (var environment in locks)
        {
            if (await StatusOf(environment, head.Number, cancellationToken) is { } status)
                await Send(environment.Name, head, status.State, status.Description, cancellationToken);
        }
    }

    /// <summary>Holding the lock is success, waiting for it pending; otherwise the pull request has nothing to do with it now.</summary>
    async Task<(string State, string Description)?> StatusOf(EnvironmentLock environment, int pullRequest, CancellationToken cancellationToken)
    {
        if (environment.IsLocked && environment.PullRequestNumber == pullRequest)
            return ("success", Held);
        if (await db.Queue.AnyAsync(w => w.EnvironmentId == environment.CorrelationId && w.PullRequestNumber == pullRequest, cancellationToken))
            return ("pending", WaitingFor(environment.PullRequestNumber));
        return null;
    }

    async Task Send(string environment, PullRequestHead head, string state, string description, CancellationToken cancellationToken)
    {
        try
        {
            await github.CreateCommitStatus(new GitHubTarget(head.Repository, head.InstallationId), head.HeadSha,
                new CommitStatus(state, $"micro/pr-lock/{environment}", description), cancellationToken);
        }
        catch (GitHubApiException exception) when (!exception.IsTransient)
        {
            LogRefused(logger, head.Repository, head.Number, (int)exception.StatusCode, exception.GitHubMessage);
        }
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "No commit status for {Repository}#{PullRequest} on {Environment}: no pull-request event has told its head commit yet")]
    static partial void LogUnknownHead(ILogger logger, string repository, int pullRequest, string environment);

    [LoggerMessage(Level = LogLevel.Warning, Message = "GitHub refused the commit status for {Repository}#{PullRequest}: {StatusCode} {GitHubMessage}")]
    static partial void LogRefused(ILogger logger, string repository, int pullRequest, int statusCode, string gitHubMessage);
}
