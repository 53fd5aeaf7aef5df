using System.Text.Json;

namespace Micro.Console.Api;

// The API's answers as the console reads them: only the fields it shows, in the API's own names (enums are kebab-case strings).

public sealed record HealthReport(string Status, Dictionary<string, HealthEntry> Checks);

public sealed record HealthEntry(string Status, string? Description);

public sealed record DeliveryList(List<DeliverySummary> Items);

public sealed record DeliverySummary(
    string DeliveryId, string Event, string? Action, string? Repository, string? Sender, DateTime ReceivedAt, string State, string? IgnoredReason,
    DateTime? PublishedAt, int PublishCount);

public sealed record DeliveryDetail(DeliverySummary Delivery, List<PendingPublication> Pending, JsonElement Payload);

public sealed record PendingPublication(Guid MessageId, DateTime EnqueuedAt, int Attempts, DateTime NotBefore, string? LastError, bool Parked);

public sealed record RunAttemptList(List<RunAttemptView> Attempts);

public sealed record RunAttemptView(
    string Repository, long RunId, int RunAttempt, string? Workflow, string? Branch, string? Actor, string State, string Decision, string Reason,
    string? GitHubAnswer, string? RunConclusion, List<RunJob>? Jobs, DateTime FirstSeenAt, DateTime UpdatedAt, DateTime? FinalAt, DateTime? DueAt,
    DateTime? RequestedAt);

public sealed record RunJob(long Id, string Name, string Status, string? Conclusion);

public sealed record WorkflowRunAttempts(string Repository, long RunId, List<RunAttemptView> Attempts);

public sealed record EnvironmentLockList(List<EnvironmentLock> Items);

public sealed record EnvironmentLock(
    string Environment, string Status, int Holder, DateTime ExpireDate, bool Expired, bool Locked, DateTime? HandedOverAt, string? Repository,
    List<WaitingPullRequest> Queue, List<LockHistory> History);

public sealed record WaitingPullRequest(int PullRequest, DateTime QueuedAt);

public sealed record LockHistory(DateTime At, int? RequestedBy, string From, int FromHolder, string To, int ToHolder, string Reason);

public sealed record LockDecision(string Result, string Message, string Environment, string Status, int Holder, DateTime ExpireDate, int? QueuePosition);

public sealed record RunnerJobList(List<RunnerJob> Jobs);

public sealed record RunnerJob(
    long JobId, long RunId, string Repository, string? JobName, List<string> Labels, string State, string Reason, string? Partition,
    string? LauncherUser, string? LauncherAnswer, string? Conclusion, List<RunnerLaunch> Launches, DateTime FirstSeenAt, DateTime? QueuedAt,
    DateTime? LaunchedAt, DateTime? StartedAt, DateTime? FinishedAt);

public sealed record RunnerLaunch(
    int Number, string Launcher, string? ExternalId, DateTime LaunchedAt, DateTime? TokenExchangedAt, string? CancelReason, DateTime? CancelledAt);

public sealed record RepositoryMappingList(List<RepositoryMapping> Repositories);

public sealed record RepositoryMapping(string Repository, string User, DateTime UpdatedAt);

public sealed record WorkflowRunList(List<WorkflowRunDetail> Runs);

public sealed record WorkflowRunDetail(
    Guid Id, string Workflow, string State, string Source, DateTime CreatedAt, DateTime? StartedAt, DateTime? FinishedAt, string? Reason,
    string? FailedStep, string? PullRequestUrl, List<WorkflowStep>? Steps);

public sealed record WorkflowStep(string Name, int Attempt, string State, DateTime StartedAt, DateTime? FinishedAt, string? Output, string? Error);

public sealed record RunAccepted(Guid Id);

public sealed record FailedMessageList(List<FailedMessage> Items);

public sealed record FailedMessage(
    long Id, Guid MessageId, string MessageType, string Destination, string State, int Attempts, DateTime FirstFailedAt, DateTime LastFailedAt,
    DateTime? DueAt, DateTime? DeadAt, string LastError, JsonElement Body);

public sealed record CircleCiRerunList(List<CircleCiRerun> Items);

public sealed record CircleCiRerun(
    Guid Id, string State, string? Outcome, string? Detail, string GithubRepository, string BranchPrefix, string ProjectSlug, string WorkflowName,
    bool DryRun, string Trigger, string? Branch, string? WorkflowStatus, string? RerunWorkflowId, string? Error, DateTime CreatedAt,
    DateTime? CompletedAt);
