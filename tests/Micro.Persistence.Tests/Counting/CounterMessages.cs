namespace Micro.Persistence.Tests.Counting;

public sealed record IncrementCounter(Guid CounterId);

public sealed record CloseCounter(Guid CounterId);
