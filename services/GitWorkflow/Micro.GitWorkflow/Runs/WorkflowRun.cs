namespace Micro.GitWorkflow.Runs;

/// <summary>
/// A request to run a workflow, as it was received: stored once (its id derives from the Pub/Sub message id or the idempotency key,
/// so a repeat finds it), and never changed. Its state lives in the saga (<see cref="WorkflowRunState"/>).
/// </summary>
public sealed class WorkflowRun
{
    public Guid Id { get; set; }

    /// <summary>The workflow asked for, as given (a rejected request may name none or an unknown one).</summary>
    public string Workflow { get; set; } = string.Empty;

    /// <summary>The request's JSON text, as received.</summary>
    public string Request { get; set; } = string.Empty;

    /// <summary><c>http</c>, or the source of a bus request (<c>pubsub-push</c>, <c>pubsub-pull</c>).</summary>
    public string Source { get; set; } = string.Empty;

    /// <summary>The idempotency key or message id the id derives from, when there is one.</summary>
    public string? RequestKey { get; set; }

    public DateTime CreatedAt { get; set; }
}
