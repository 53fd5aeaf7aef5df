namespace Micro.RunnerBroker.Tests;

/// <summary>"Now" as a test says; the service's polls still run on the real clock, so they look again while a test moves the time.</summary>
public sealed class SettableTime(DateTimeOffset start) : TimeProvider
{
    long utcTicks = start.UtcTicks;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref utcTicks), TimeSpan.Zero);

    public void Advance(TimeSpan by) => Interlocked.Add(ref utcTicks, by.Ticks);
}
