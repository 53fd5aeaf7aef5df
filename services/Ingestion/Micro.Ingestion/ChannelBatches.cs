using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace Micro.Ingestion;

static class ChannelBatches
{
    /// <summary>
    /// Whatever has queued up, up to <paramref name="max"/> items at a time: one item when traffic is light, full batches when it is
    /// heavy, so the cost of a round trip is shared by everything that waited for it. The list is reused: consume it before moving on.
    /// </summary>
    public static async IAsyncEnumerable<List<T>> ReadBatches<T>(this ChannelReader<T> reader, int max,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var batch = new List<T>(max);
        while (await reader.WaitToReadAsync(cancellationToken))
        {
            while (batch.Count < max && reader.TryRead(out var item))
                batch.Add(item);

            yield return batch;
            batch.Clear();
        }
    }
}
