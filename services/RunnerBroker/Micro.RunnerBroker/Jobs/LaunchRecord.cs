namespace Micro.RunnerBroker.Jobs;

/// <summary>
/// One runner launched for a job: where (the launcher and its id for it, a Slurm job id), with which launcher token, and what became
/// of it. Immutable: the saga replaces a record to change it, so EF Core sees the JSON column change.
/// </summary>
public sealed record LaunchRecord(
    int Number,
    Guid TokenId,
    string Launcher,
    string? ExternalId,
    DateTime LaunchedAt,
    DateTime? TokenExchangedAt = null,
    bool CancelDue = false,
    string? CancelReason = null,
    DateTime? CancelledAt = null,
    int CancelTries = 0,
    string? CancelAnswer = null)
{
    /// <summary>Still waiting for its runner to ask for a token, and not being cancelled.</summary>
    public bool IsWaiting => TokenExchangedAt is null && !CancelDue && CancelledAt is null && CancelReason is null;
}
