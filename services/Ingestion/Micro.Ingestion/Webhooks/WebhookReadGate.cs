using Microsoft.Extensions.Options;

namespace Micro.Ingestion.Webhooks;

/// <summary>
/// Bounds how many webhook bodies are read at once (<c>GitHub:MaxConcurrentReads</c>), so slow or stalled senders cannot hold
/// an unbounded number of buffers; a delivery beyond it waits <c>GitHub:ReadQueueTimeout</c> for a turn, then is refused.
/// </summary>
sealed class WebhookReadGate(IOptions<GitHubWebhookOptions> options) : IDisposable
{
    readonly SemaphoreSlim turns = new(options.Value.MaxConcurrentReads, options.Value.MaxConcurrentReads);
    readonly TimeSpan wait = options.Value.ReadQueueTimeout;

    /// <summary>Bodies being read now.</summary>
    public int Reading => options.Value.MaxConcurrentReads - turns.CurrentCount;

    /// <summary>A turn to read a body, to dispose once it is read; null when none came free in time.</summary>
    public async Task<IDisposable?> Enter(CancellationToken cancellationToken) =>
        await turns.WaitAsync(wait, cancellationToken) ? new Turn(turns) : null;

    public void Dispose() => turns.Dispose();

    sealed class Turn(SemaphoreSlim turns) : IDisposable
    {
        int released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref released, 1) == 0)
                turns.Release();
        }
    }
}
