using System.Diagnostics.Metrics;

namespace Micro.RunnerBroker;

/// <summary>
/// What the runner broker does, for dashboards and alerts (meter <c>Micro.RunnerBroker</c>): jobs waiting for a runner and the age of
/// the oldest per repository (read from the database by <see cref="Jobs.WaitingJobs"/>), and counts of launches, exchanges, timeouts and cancels.
/// </summary>
public sealed class RunnerMetrics
{
    public const string MeterName = "Micro.RunnerBroker";

    readonly Counter<long> decisions;
    readonly Counter<long> launches;
    readonly Counter<long> launchFailures;
    readonly Counter<long> exchanges;
    readonly Counter<long> timeouts;
    readonly Counter<long> cancels;
    IReadOnlyList<WaitingRepository> waiting = [];

    public RunnerMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        decisions = meter.CreateCounter<long>("micro.runners.decisions", description: "Queued jobs decided, by decision");
        launches = meter.CreateCounter<long>("micro.runners.launches", description: "Runners the launcher accepted");
        launchFailures = meter.CreateCounter<long>("micro.runners.launch_failures", description: "Launch attempts the launcher refused or did not answer");
        exchanges = meter.CreateCounter<long>("micro.runners.token_exchanges", description: "Launcher token exchanges, by outcome");
        timeouts = meter.CreateCounter<long>("micro.runners.start_timeouts", description: "Launched runners that did not ask for their token in time");
        cancels = meter.CreateCounter<long>("micro.runners.cancels", description: "Runners cancelled at the launcher");
        meter.CreateObservableGauge("micro.runners.jobs_waiting", () => waiting.Select(entry =>
            new Measurement<long>(entry.Count, Repository(entry.Repository))), description: "Jobs waiting for a runner of ours, per repository");
        meter.CreateObservableGauge("micro.runners.oldest_waiting_age", () => waiting.Select(entry =>
            new Measurement<double>(entry.OldestAge.TotalSeconds, Repository(entry.Repository))), unit: "s",
            description: "Age of the oldest job waiting for a runner of ours, per repository");
    }

    /// <summary>The waiting jobs per repository as last counted; repositories no longer waiting drop out.</summary>
    public IReadOnlyList<WaitingRepository> Waiting
    {
        get => waiting;
        set => waiting = value;
    }

    public void Decided(string decision) => decisions.Add(1, new KeyValuePair<string, object?>("decision", decision));

    public void Launched(string repository) => launches.Add(1, Repository(repository));

    public void LaunchFailed(string repository) => launchFailures.Add(1, Repository(repository));

    public void Exchanged(string outcome) => exchanges.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    public void TimedOut(string repository, int count) => timeouts.Add(count, Repository(repository));

    public void Cancelled(string repository, int count) => cancels.Add(count, Repository(repository));

    static KeyValuePair<string, object?> Repository(string repository) => new("repository", repository);
}

public sealed record WaitingRepository(string Repository, int Count, TimeSpan OldestAge);
