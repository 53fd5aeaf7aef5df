using System.Diagnostics.Metrics;

namespace Micro.Rerun.GitHubActions;

/// <summary>What the re-runner decides and how fast it acts, for dashboards and alerts (meter <c>Micro.Rerun</c>).</summary>
public sealed class RerunMetrics
{
    readonly Counter<long> decisions;
    readonly Counter<long> requested;
    readonly Histogram<double> finalToCall;

    public RerunMetrics(IMeterFactory meters)
    {
        var meter = meters.Create("Micro.Rerun");
        decisions = meter.CreateCounter<long>("micro.rerun.decisions", description: "Run attempts decided, by decision");
        requested = meter.CreateCounter<long>("micro.rerun.reruns_requested", description: "Re-runs of failed jobs GitHub accepted");
        finalToCall = meter.CreateHistogram<double>("micro.rerun.final_to_call", unit: "s",
            description: "Time from a run attempt's final job to the accepted re-run call");
    }

    public void Decided(RerunDecision decision) => decisions.Add(1, new KeyValuePair<string, object?>("decision", decision.ToString()));

    public void Requested(TimeSpan sinceFinal)
    {
        requested.Add(1);
        finalToCall.Record(sinceFinal.TotalSeconds);
    }
}
