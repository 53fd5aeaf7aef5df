using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Micro.Contracts.GitHub;
using Micro.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Micro.RunnerBroker.Tests;

public sealed class MetricsTests
{
    [Fact]
    public async Task Waiting_jobs_and_the_oldest_ones_age_are_measured_per_repository_with_launches_exchanges_timeouts_and_cancels()
    {
        var launcher = new RecordingLauncher();
        await using var service = await RunnerBrokerHost.Start(new Dictionary<string, string?>
        {
            ["RunnerBroker:StartTimeout"] = "00:05:00",
            ["RunnerBroker:MaxLaunches"] = "1",
        }, launcher);
        var measured = new ConcurrentQueue<(string Instrument, double Value, string? Repository)>();
        var meters = service.Services.GetRequiredService<IMeterFactory>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, subscriber) =>
        {
            if (instrument.Meter.Name == RunnerMetrics.MeterName && instrument.Meter.Scope == meters)
                subscriber.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => measured.Enqueue((instrument.Name, value, Repository(tags))));
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => measured.Enqueue((instrument.Name, value, Repository(tags))));
        listener.Start();
        var events = new JobEvents();

        await service.Publish(events.Event(91, WorkflowJobAction.Queued), events.Event(92, WorkflowJobAction.Queued));
        await service.JobIn(91, "launched");
        await service.JobIn(92, "launched");
        service.Time.Advance(TimeSpan.FromMinutes(3));
        await Eventually.True(() =>
        {
            listener.RecordObservableInstruments();
            return measured.Any(m => m is ("micro.runners.jobs_waiting", 2, JobEvents.DefaultRepository))
                && measured.Any(m => m is ("micro.runners.oldest_waiting_age", >= 180, JobEvents.DefaultRepository));
        }, "two jobs wait, the oldest for three minutes");

        using (var exchanged = await service.Exchange(launcher.Launches.Single(launch => launch.JobId == 91).LauncherToken))
            Assert.True(exchanged.IsSuccessStatusCode);
        service.Time.Advance(TimeSpan.FromMinutes(3));
        await service.JobIn(92, "timed-out", job => job.GetProperty("launches")[0].Has("cancelledAt"));

        Assert.Equal(2, measured.Count(m => m is ("micro.runners.launches", 1, JobEvents.DefaultRepository)));
        Assert.Contains(measured, m => m is ("micro.runners.token_exchanges", 1, null));
        Assert.Contains(measured, m => m is ("micro.runners.start_timeouts", 1, JobEvents.DefaultRepository));
        Assert.Contains(measured, m => m is ("micro.runners.cancels", 1, JobEvents.DefaultRepository));
    }

    static string? Repository(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        foreach (var tag in tags)
        {
            if (tag.Key == "repository")
                return tag.Value as string;
        }

        return null;
    }
}
