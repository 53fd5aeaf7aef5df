namespace Micro.Persistence.Tests.Counting;

public sealed record IncrementCounter(Guid CounterId);

public sealed record CloseCounter(Guid CounterId);

/// <summary>Raises a counter to at least <paramref name="AtLeast"/>: a counter already there does not change.</summary>
public sealed record RaiseCounter(Guid CounterId, int AtLeast);
