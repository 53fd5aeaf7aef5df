namespace Micro.PrLock.Locks;

/// <summary>What a pipeline tells the lock after acquiring it, by the names it uses in the URL.</summary>
public enum LockCommand
{
    MasterApplied,
    Complete,
    Abort,
}

public static class LockCommands
{
    public static readonly IReadOnlyDictionary<string, LockCommand> ByPath = new Dictionary<string, LockCommand>(StringComparer.OrdinalIgnoreCase)
    {
        ["master-applied"] = LockCommand.MasterApplied,
        ["complete"] = LockCommand.Complete,
        ["abort"] = LockCommand.Abort,
    };

    public static string PathOf(this LockCommand command) => ByPath.First(entry => entry.Value == command).Key;

    public static LockStatus Target(this LockCommand command) => command switch
    {
        LockCommand.MasterApplied => LockStatus.MasterApplied,
        LockCommand.Complete => LockStatus.Completed,
        _ => LockStatus.Aborted,
    };
}
