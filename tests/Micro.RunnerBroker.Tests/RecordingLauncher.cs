using System.Collections.Concurrent;
using Micro.RunnerBroker.Launching;

namespace Micro.RunnerBroker.Tests;

/// <summary>A launcher in the process that records launches and cancels, for following jobs without a cluster (the Slurm launcher's contract).</summary>
public sealed class RecordingLauncher : IRunnerLauncher
{
    readonly ConcurrentQueue<RunnerLaunch> launches = new();
    readonly ConcurrentQueue<RunnerLaunched> cancels = new();
    int next = 1000;

    public IReadOnlyList<RunnerLaunch> Launches => [.. launches];

    public IReadOnlyList<RunnerLaunched> Cancels => [.. cancels];

    public Task<RunnerLaunched> Launch(RunnerLaunch launch, CancellationToken cancellationToken)
    {
        launches.Enqueue(launch);
        return Task.FromResult(new RunnerLaunched("Recording", Interlocked.Increment(ref next).ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    public Task Cancel(RunnerLaunched launched, CancellationToken cancellationToken)
    {
        cancels.Enqueue(launched);
        return Task.CompletedTask;
    }
}
