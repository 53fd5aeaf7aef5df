using Micro.PrLock.Locks;

namespace Micro.PrLock.Api;

/// <summary>The answer to acquire, a transition or a reset. <c>result</c> is what a pipeline branches on; <c>message</c> is for people.</summary>
public sealed record LockDecisionView(
    string Result, string Message, string Environment, string Status, int Holder, DateTime ExpireDate, int? QueuePosition)
{
    public static LockDecisionView Of(LockReply reply) =>
        new(reply.Decision.Outcome.ToString().ToLowerInvariant(), reply.Decision.Message, reply.Environment, reply.Status.ToString(), reply.Holder,
            reply.ExpireDate, reply.QueuePosition);
}

public sealed record WaitingView(int PullRequest, DateTime QueuedAt);

public sealed record HistoryView(DateTime At, int? RequestedBy, string From, int FromHolder, string To, int ToHolder, string Reason);

public sealed record EnvironmentLockView(
    string Environment,
    string Status,
    int Holder,
    DateTime ExpireDate,
    bool Expired,
    bool Locked,
    DateTime? HandedOverAt,
    string? Repository,
    IReadOnlyList<WaitingView> Queue,
    IReadOnlyList<HistoryView> History);

public sealed record EnvironmentLockList(IReadOnlyList<EnvironmentLockView> Items);
