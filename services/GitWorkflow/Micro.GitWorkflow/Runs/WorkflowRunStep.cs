namespace Micro.GitWorkflow.Runs;

/// <summary>One attempt of one step of a run, recorded as it starts and again as it ends.</summary>
public sealed class WorkflowRunStep
{
    public const string Running = "running";
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";

    public long Id { get; set; }

    public Guid RunId { get; set; }

    public string Name { get; set; } = string.Empty;

    public int Attempt { get; set; }

    public string State { get; set; } = Running;

    public DateTime StartedAt { get; set; }

    public DateTime? FinishedAt { get; set; }

    /// <summary>What the step reported, bounded (<c>GitWorkflow:OutputLimit</c>).</summary>
    public string? Output { get; set; }

    public string? Error { get; set; }
}
