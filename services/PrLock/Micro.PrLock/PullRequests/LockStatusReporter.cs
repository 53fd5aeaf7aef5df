using MassTransit;
using Micro.Contracts.PrLock;
using Micro.GitHub;
using Micro.PrLock.Locks;
using Microsoft.EntityFrameworkCore;

namespace Micro.PrLock.PullRequests;

/// <summary>
/// Shows each pull request where it stands with the environment's lock, as a commit status on its head commit
/// (context <c>micro/pr-lock/{environment}</c>). It runs from the bus, never on a lock decision's path, so a slow or failing GitHub
/// delays only the status; transient errors are retried by the bus, others are logged and dropped.
/// </summary>
sealed partial class LockStatusReporter(PrLockDbContext db, GitHubClient github, ILogger<LockStatusReporter> logger)
    : IConsumer<PrLockGranted>, IConsumer<PrLockQueued>, IConsumer<PrLockReleased>
{
    public Task Consume(ConsumeContext<PrLockGranted> context) =>
        Report(context.Message.Environment, context.Message.Repository, context.Message.PullRequestNumber, "success", "lock held", context.CancellationToken);

    public Task Consume(ConsumeContext<PrLockQueued> context) =>
        Report(context.Message.Environment, context.Message.Repository, context.Message.PullRequestNumber, "pending",
            $"waiting for lock held by #{context.Message.HolderPullRequestNumber}", context.CancellationToken);

    public Task Consume(ConsumeContext<PrLockReleased> context) =>
        context.Message.Expired
            ? Report(context.Message.Environment, context.Message.Repository, context.Message.PullRequestNumber, "error", "lock expired",
                context.CancellationToken)
            : Task.CompletedTask;

    async Task Report(string environment, string? repository, int pullRequest, string state, string description, CancellationToken cancellationToken)
    {
        if (!github.IsConfigured || repository is null || pullRequest <= 0)
            return;

        var head = await db.Heads.AsNoTracking().SingleOrDefaultAsync(h => h.Repository == repository && h.Number == pullRequest, cancellationToken);
        if (head is null)
        {
            LogUnknownHead(logger, repository, pullRequest, environment);
            return;
        }

        try
        {
            await github.CreateCommitStatus(new GitHubTarget(repository, head.InstallationId), head.HeadSha,
                new CommitStatus(state, $"micro/pr-lock/{environment}", description), cancellationToken);
        }
        catch (GitHubApiException exception) when (!exception.IsTransient)
        {
            LogRefused(logger, repository, pullRequest, (int)exception.StatusCode, exception.GitHubMessage);
        }
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "No commit status for {Repository}#{PullRequest} on {Environment}: no pull-request event has told its head commit yet")]
    static partial void LogUnknownHead(ILogger logger, string repository, int pullRequest, string environment);

    [LoggerMessage(Level = LogLevel.Warning, Message = "GitHub refused the commit status for {Repository}#{PullRequest}: {StatusCode} {GitHubMessage}")]
    static partial void LogRefused(ILogger logger, string repository, int pullRequest, int statusCode, string gitHubMessage);
}
