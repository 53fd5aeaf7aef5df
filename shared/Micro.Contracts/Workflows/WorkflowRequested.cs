namespace Micro.Contracts.Workflows;

/// <summary>
/// A request to run a git workflow as it arrived from outside (a Pub/Sub message, pushed or pulled), not yet validated: the
/// git-workflow service reads <see cref="Data"/> (<c>{"workflow": ..., "parameters": {...}}</c>) and records a malformed one as
/// <c>rejected</c>. <see cref="RequestId"/> identifies the message at its source (the Pub/Sub message id), so a repeat never
/// starts a second run.
/// </summary>
public sealed record WorkflowRequested(
    string RequestId,
    string Source,
    string Data,
    IReadOnlyDictionary<string, string> Attributes,
    DateTimeOffset ReceivedAt);
