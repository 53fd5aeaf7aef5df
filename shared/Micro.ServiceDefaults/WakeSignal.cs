using System.Threading.Channels;

namespace Micro.ServiceDefaults;

/// <summary>
/// Wakes a polling background loop as soon as there is work (a commit, a consumed event), instead of leaving it to its next poll.
/// Notifications while the loop is busy collapse into one, so the loop looks once more and never misses work.
/// </summary>
public class WakeSignal
{
    readonly Channel<bool> signal = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public void Notify() => signal.Writer.TryWrite(true);

    /// <summary>Waits for a notification or the poll interval, whichever comes first.</summary>
    public async Task Wait(TimeSpan pollInterval, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(pollInterval);
        try
        {
            await signal.Reader.ReadAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The poll interval passed: look again anyway, for work another replica left or retries now due.
        }
    }
}
