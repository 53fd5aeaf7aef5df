namespace Micro.GitWorkflow.Runs;

/// <summary>
/// A request to run a workflow, as it was received: stored once (its id derives from the Pub/Sub message id or the idempotency key,
/// so a repeat finds it); the request itself never changes. Its state lives in the saga (<see cref="WorkflowRunState"/>). Beside the
/// request, the executor keeps its claim on the run (<see cref="RunClaims"/>) and the values the run chose, so that whoever takes the
/// run over resumes it with the same branch rather than a new one.
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

    /// <summary>Who executes the run now (host, process and consumer); set with <see cref="ClaimedUntil"/> by a conditional update.</summary>
    public string? ClaimedBy { get; set; }

    /// <summary>Until when the claim holds unless its holder renews it; past it, the holder is taken for dead and the run is taken over.</summary>
    public DateTime? ClaimedUntil { get; set; }

    /// <summary>When the executor finished the run; set with its end's message, in one transaction. A finished run is never claimed again.</summary>
    public DateTime? ExecutedAt { get; set; }

    /// <summary>The branch the run works on, kept before it is created so that a resumed run pushes the same branch.</summary>
    public string? WorkBranch { get; set; }

    /// <summary>The branch the work started from, into which its pull (merge) request goes.</summary>
    public string? BaseBranch { get; set; }

    /// <summary>The pull (merge) request the run opened or found.</summary>
    public string? ChangeRequestUrl { get; set; }
}
