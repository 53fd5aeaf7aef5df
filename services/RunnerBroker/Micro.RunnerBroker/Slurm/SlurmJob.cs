namespace Micro.RunnerBroker.Slurm;

/// <summary>slurmrestd's <c>job/submit</c> body: the batch script and the job's properties.</summary>
public sealed record SlurmJobSubmission(SlurmJobProperties Job, string Script);

public sealed record SlurmJobProperties(
    string Name,
    string Partition,
    string CurrentWorkingDirectory,
    string StandardOutput,
    IReadOnlyDictionary<string, string> Environment);

/// <summary>A job as <c>GET job/{id}</c> shows it: its state (<c>PENDING</c>, <c>RUNNING</c>, <c>CANCELLED</c>, ...) and owner.</summary>
public sealed record SlurmJobState(long JobId, string JobState, string? UserName, string? Partition, string? StateReason);
