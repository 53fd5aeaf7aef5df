using System.Text.Json;
using Micro.Persistence.Sagas;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace Micro.Rerun.GitHubActions;

public static class WorkflowRunAttemptModel
{
    /// <summary>Column lengths of what comes from outside; <see cref="WorkflowRunAttemptState"/> cuts values to them as they are set.</summary>
    public const int NameLength = 300;
    public const int ActorLength = 100;
    public const int ConclusionLength = 40;
    public const int ReasonLength = 2000;
    public const int AnswerLength = 1000;

    /// <summary>What failed is kept shorter than the reason, which adds what became of it.</summary>
    public const int FailureLength = 1000;

    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Maps the run-attempt saga to <c>workflow_run_attempts</c>; the jobs seen are one JSON column, read and written with the row.</summary>
    public static ModelBuilder WorkflowRunAttempts(this ModelBuilder model)
    {
        var attempt = model.SagaInstances<WorkflowRunAttemptState>("workflow_run_attempts");
        attempt.Property(a => a.CurrentState).HasMaxLength(40);
        attempt.Property(a => a.Repository).HasMaxLength(300);
        attempt.Property(a => a.RepositoryKey).HasMaxLength(300);
        attempt.Property(a => a.WorkflowName).HasMaxLength(NameLength);
        attempt.Property(a => a.HeadBranch).HasMaxLength(NameLength);
        attempt.Property(a => a.Actor).HasMaxLength(ActorLength);
        attempt.Property(a => a.RunConclusion).HasMaxLength(ConclusionLength);
        attempt.Property(a => a.Decision).HasConversion<string>().HasMaxLength(40);
        attempt.Property(a => a.Reason).HasMaxLength(ReasonLength);
        attempt.Property(a => a.GitHubAnswer).HasMaxLength(AnswerLength);
        attempt.Property(a => a.Jobs).HasConversion(
            jobs => JsonSerializer.Serialize(jobs, Json),
            json => JsonSerializer.Deserialize<List<SeenJob>>(json, Json) ?? new List<SeenJob>(),
            new ValueComparer<List<SeenJob>>(
                (left, right) => left!.SequenceEqual(right!),
                jobs => jobs.Aggregate(0, (hash, job) => HashCode.Combine(hash, job)),
                jobs => jobs.ToList()));
        attempt.Ignore(a => a.IsFinal);
        attempt.HasIndex(a => new { a.RepositoryKey, a.RunId, a.RunAttempt });
        attempt.HasIndex(a => new { a.RepositoryKey, a.FirstSeenAt });
        attempt.HasIndex(a => a.FirstSeenAt);
        // No index on UpdatedAt, which every event changes, and a fifth of each page kept free: on PostgreSQL an update that changes
        // no indexed column and finds room on its page is heap-only (HOT), writing none of the table's five indexes. Retention finds
        // its rows by FirstSeenAt.
        attempt.HasStorageParameter("fillfactor", 80);
        // The dispatcher's question: which attempts are due?
        attempt.HasIndex(a => new { a.CurrentState, a.DueAt });
        return model;
    }
}
