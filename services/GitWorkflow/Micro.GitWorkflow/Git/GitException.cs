namespace Micro.GitWorkflow.Git;

/// <summary>A git command failed. <see cref="Transient"/> when the cause may pass (network, a server error), so trying again makes sense.</summary>
public sealed class GitException(string message, bool transient) : Exception(message)
{
    public bool Transient { get; } = transient;
}
