using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;

namespace Micro.Rerun.Tests;

public sealed class MetricsTests
{
    [Fact]
    public async Task Decisions_requested_re_runs_and_the_time_to_the_call_are_measured()
    {
        await using var micro = await StandaloneMicro.Start();
        var measured = new ConcurrentQueue<(string Instrument, double Value, string? Decision)>();
        var meters = micro.Services.GetRequiredService<IMeterFactory>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, subscriber) =>
        {
            if (instrument.Meter.Name == "Micro.Rerun" && instrument.Meter.Scope == meters)
                subscriber.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => measured.Enqueue((instrument.Name, value, Decision(tags))));
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => measured.Enqueue((instrument.Name, value, Decision(tags))));
        listener.Start();
        var failed = new RunWebhooks(RerunApiCalls.NewRepository("measured"), 5001);
        var green = new RunWebhooks(failed.Repository, 5002);
        micro.GitHub.Finished(failed);

        await micro.Client.DeliverAll(failed.Jobs((1, "failure")));
        await micro.Client.DeliverAll(green.Jobs((1, "success")));
        await micro.Client.Decided(failed.Repository, failed.RunId);
        await micro.Client.Decided(green.Repository, green.RunId);

        Assert.Contains(measured, m => m is ("micro.rerun.decisions", 1, "RerunRequested"));
        Assert.Contains(measured, m => m is ("micro.rerun.decisions", 1, "NoFailure"));
        Assert.Contains(measured, m => m is ("micro.rerun.reruns_requested", 1, null));
        Assert.Contains(measured, m => m.Instrument == "micro.rerun.final_to_call" && m.Value >= 0);
    }

    static string? Decision(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        foreach (var tag in tags)
        {
            if (tag.Key == "decision")
                return tag.Value as string;
        }

        return null;
    }
}
