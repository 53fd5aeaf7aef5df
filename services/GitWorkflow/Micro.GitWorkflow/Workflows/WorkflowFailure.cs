namespace Micro.GitWorkflow.Workflows;

/// <summary>A step failed; <see cref="Transient"/> when trying it again may succeed (network, a server error).</summary>
public sealed class WorkflowFailure(string message, bool transient) : Exception(message)
{
    public bool Transient { get; } = transient;
}
