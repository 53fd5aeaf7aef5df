namespace Micro.RunnerBroker.Jobs;

/// <summary>What was decided about a queued job, before any launch.</summary>
public abstract record JobDecision(string Reason)
{
    public sealed record Ignore(string Reason) : JobDecision(Reason);

    public sealed record Unmapped(string Reason) : JobDecision(Reason);

    public sealed record NoLauncher(string Reason) : JobDecision(Reason);

    public sealed record Launch(string Partition, string LauncherUser, string Reason) : JobDecision(Reason);
}
