using System.Text.Json;
using Micro.Persistence.Sagas;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace Micro.RunnerBroker.Jobs;

public static class RunnerJobModel
{
    /// <summary>Column lengths of what comes from outside; <see cref="RunnerJobState"/> cuts values to them as they are set.</summary>
    public const int NameLength = 300;
    public const int ReasonLength = 1000;
    public const int AnswerLength = 1000;
    public const int ConclusionLength = 40;

    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Maps the job saga to <c>runner_jobs</c>; labels and launches are JSON columns, read and written with the row.</summary>
    public static ModelBuilder RunnerJobs(this ModelBuilder model)
    {
        var job = model.SagaInstances<RunnerJobState>("runner_jobs");
        job.Property(j => j.CurrentState).HasMaxLength(40);
        job.Property(j => j.Repository).HasMaxLength(300);
        job.Property(j => j.RepositoryKey).HasMaxLength(300);
        job.Property(j => j.RepositoryUrl).HasMaxLength(500);
        job.Property(j => j.JobName).HasMaxLength(NameLength);
        job.Property(j => j.Partition).HasMaxLength(100);
        job.Property(j => j.LauncherUser).HasMaxLength(40);
        job.Property(j => j.Reason).HasMaxLength(ReasonLength);
        job.Property(j => j.LauncherAnswer).HasMaxLength(AnswerLength);
        job.Property(j => j.Conclusion).HasMaxLength(ConclusionLength);
        job.Property(j => j.Labels).HasConversion(
            labels => JsonSerializer.Serialize(labels, Json),
            json => JsonSerializer.Deserialize<List<string>>(json, Json) ?? new List<string>(),
            new ValueComparer<List<string>>((left, right) => left!.SequenceEqual(right!),
                labels => labels.Aggregate(0, (hash, label) => HashCode.Combine(hash, label)), labels => labels.ToList()));
        job.Property(j => j.Launches).HasConversion(
            launches => JsonSerializer.Serialize(launches, Json),
            json => JsonSerializer.Deserialize<List<LaunchRecord>>(json, Json) ?? new List<LaunchRecord>(),
            new ValueComparer<List<LaunchRecord>>((left, right) => left!.SequenceEqual(right!),
                launches => launches.Aggregate(0, (hash, launch) => HashCode.Combine(hash, launch)), launches => launches.ToList()));
        job.HasIndex(j => j.JobId).IsUnique();
        job.HasIndex(j => new { j.RepositoryKey, j.FirstSeenAt });
        job.HasIndex(j => j.FirstSeenAt);
        // The dispatcher's and the sweeper's questions: which launches are due, which jobs need a look?
        job.HasIndex(j => new { j.CurrentState, j.DueAt });
        job.HasIndex(j => new { j.CurrentState, j.CheckAt });
        job.HasIndex(j => j.CancelsDue);
        return model;
    }
}
