namespace Micro.GitWorkflow.Runs;

/// <summary>
/// A request to run a workflow, as it was received: stored once (its id derives from the Pub/Sub message id or the idempotency key,
/// so a repeat finds it), and never changed. Its state lives in the saga (<see cref="WorkflowRunState"/>).
/// </summary>
public sealed class WorkflowRun
{
    /// <summary>Room for a Pub/Sub source: <c>pubsub:</c> and a full subscription name (project id and a name of up to 255 characters).</summary>
    public const int SourceLength = 400;

    public Guid Id { get; set; }

    /// <summary>The workflow asked for, as given (a rejected request may name none or an unknown one).</summary>
    public string Workflow { get; set; } = string.Empty;

    /// <summary>The request's JSON text, as received.</summary>
    public string Request { get; set; } = string.Empty;

    /// <summary><c>http</c>, or the source of a bus request (<c>pubsub:</c> and the full subscription name).</summary>
    public string Source { get; set; } = string.Empty;

    /// <summary>A source as long as the column takes: it only says where a request came from, so a cut one still does.</summary>
    public static string FitSource(string source) => source.Length <= SourceLength ? source : source[..SourceLength];

    /// <summary>The idempotency key or message id the id derives from, when there is one.</summary>
    public string? RequestKey { get; set; }

    public DateTime CreatedAt { get; set; }
}
