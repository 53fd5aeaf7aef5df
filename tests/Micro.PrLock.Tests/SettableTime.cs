namespace Micro.PrLock.Tests;

/// <summary>"Now" as a test says; timers still run on the real clock, so the sweeper ticks while a test moves the date.</summary>
public sealed class SettableTime(DateTimeOffset start) : TimeProvider
{
    long utcTicks = start.UtcTicks;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref utcTicks), TimeSpan.Zero);

    public void Set(DateTimeOffset value) => Interlocked.Exchange(ref utcTicks, value.UtcTicks);

    public void Advance(TimeSpan by) => Interlocked.Add(ref utcTicks, by.Ticks);
}
