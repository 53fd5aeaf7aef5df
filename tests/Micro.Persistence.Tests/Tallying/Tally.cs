namespace Micro.Persistence.Tests.Tallying;

public sealed record RecordTally(string Name);

/// <summary>One row per handled message: a repeated message that was handled again shows as an extra row.</summary>
public sealed class TallyEntry
{
    public long Id { get; init; }

    public required string Name { get; init; }
}
