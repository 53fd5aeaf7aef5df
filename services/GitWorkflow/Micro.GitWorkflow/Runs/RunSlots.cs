using Microsoft.Extensions.Options;

namespace Micro.GitWorkflow.Runs;

/// <summary>
/// At most <see cref="GitWorkflowOptions.MaxConcurrentRuns"/> runs at a time in this process. A semaphore rather than the endpoint's
/// concurrency limit, which the shared messaging setup sets alike on every endpoint.
/// </summary>
public sealed class RunSlots(IOptions<GitWorkflowOptions> options) : IDisposable
{
    readonly SemaphoreSlim slots = new(options.Value.MaxConcurrentRuns, options.Value.MaxConcurrentRuns);

    public async Task<IDisposable> Take(CancellationToken cancellationToken)
    {
        await slots.WaitAsync(cancellationToken);
        return new Slot(slots);
    }

    public void Dispose() => slots.Dispose();

    sealed class Slot(SemaphoreSlim slots) : IDisposable
    {
        int released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref released, 1) == 0)
                slots.Release();
        }
    }
}
