using System.Text.Json;
using Micro.RunnerBroker.Jobs;

namespace Micro.RunnerBroker.Api;

public sealed record JobList(IReadOnlyList<JobView> Jobs);

/// <summary>A job as the API shows it: its decision and reason, each launch, and its times.</summary>
public sealed record JobView(
    long JobId,
    long RunId,
    string Repository,
    string? JobName,
    IReadOnlyList<string> Labels,
    string State,
    string Reason,
    string? Partition,
    string? LauncherUser,
    string? LauncherAnswer,
    string? Conclusion,
    IReadOnlyList<LaunchView> Launches,
    DateTime FirstSeenAt,
    DateTime? QueuedAt,
    DateTime? LaunchedAt,
    DateTime? TokenExchangedAt,
    DateTime? StartedAt,
    DateTime? FinishedAt,
    DateTime? NextLaunchAt,
    DateTime? NextCheckAt)
{
    public static JobView Of(RunnerJobState job) => new(
        job.JobId, job.RunId, job.Repository, job.JobName, job.Labels, StateName(job.CurrentState), job.Reason, job.Partition, job.LauncherUser,
        job.LauncherAnswer, job.Conclusion, job.Launches.Select(LaunchView.Of).ToList(), job.FirstSeenAt, job.QueuedAt, job.LaunchedAt,
        job.TokenExchangedAt, job.StartedAt, job.FinishedAt, job.DueAt, job.CheckAt);

    /// <summary>The saga's state, kebab-case like every other word the API shows: launch-due, no-launcher, timed-out.</summary>
    public static string StateName(string state) => JsonNamingPolicy.KebabCaseLower.ConvertName(state);
}

/// <summary>One launch: the launcher and its id for the runner (a Slurm job id), when its token was exchanged, and any cancel.</summary>
public sealed record LaunchView(
    int Number, string Launcher, string? ExternalId, DateTime LaunchedAt, DateTime? TokenExchangedAt, string? CancelReason, DateTime? CancelledAt,
    string? CancelAnswer)
{
    public static LaunchView Of(LaunchRecord launch) => new(
        launch.Number, launch.Launcher, launch.ExternalId, launch.LaunchedAt, launch.TokenExchangedAt, launch.CancelReason, launch.CancelledAt,
        launch.CancelAnswer);
}

public sealed record RepositoryMappingView(string Repository, string User, DateTime UpdatedAt);

public sealed record RepositoryMappingList(IReadOnlyList<RepositoryMappingView> Repositories);

public sealed record MapRepositoryRequest(string? User);

public sealed record UserRepositoriesRequest(List<string?>? Repositories);
