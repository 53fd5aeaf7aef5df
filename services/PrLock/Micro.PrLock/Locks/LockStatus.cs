namespace Micro.PrLock.Locks;

/// <summary>The old tool's four states, with its names: pipelines and people already know them.</summary>
public enum LockStatus
{
    Started,
    MasterApplied,
    Completed,
    Aborted,
}
