using System.Buffers;

namespace Micro.Ingestion.Webhooks;

/// <summary>
/// A request body read whole into pooled segments that grow as its bytes arrive, so the memory held is bounded by what was
/// received, never by what the sender declared; never more than a limit. Each chunk is handed to the signature check as it is
/// read. Dispose returns the segments to the pool (after anything parsed over <see cref="Content"/> is disposed).
/// </summary>
sealed class WebhookBody : IDisposable
{
    const int FirstSegmentBytes = 4 * 1024;
    const int LargestSegmentBytes = 1024 * 1024;

    readonly Segment first;
    readonly Segment last;

    WebhookBody(Segment first, Segment last)
    {
        this.first = first;
        this.last = last;
    }

    public ReadOnlySequence<byte> Content => new(first, 0, last, last.Memory.Length);

    /// <summary>The body, or null when it is larger than <paramref name="limit"/> (declared or sent).</summary>
    public static async Task<WebhookBody?> ReadAtMost(HttpRequest request, long limit, SignatureCheck? signature, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limit)
            return null;

        var first = new Segment(FirstSegmentBytes, runningIndex: 0);
        var current = first;
        try
        {
            while (true)
            {
                if (current.Free.Length == 0)
                    current = current.Append(Math.Min(current.Capacity * 2, LargestSegmentBytes));

                var read = await request.Body.ReadAsync(current.Free, cancellationToken);
                if (read == 0)
                    return new WebhookBody(first, current);

                signature?.Append(current.Free.Span[..read]);
                current.Advance(read);
                if (current.RunningIndex + current.Memory.Length > limit)
                {
                    first.Release();
                    return null;
                }
            }
        }
        catch
        {
            first.Release();
            throw;
        }
    }

    public void Dispose() => first.Release();

    /// <summary>One pooled array; <see cref="ReadOnlySequenceSegment{T}.Memory"/> is the part written so far.</summary>
    sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        byte[]? array;
        int written;

        public Segment(int size, long runningIndex)
        {
            array = ArrayPool<byte>.Shared.Rent(size);
            RunningIndex = runningIndex;
            Memory = ReadOnlyMemory<byte>.Empty;
        }

        public int Capacity => array!.Length;

        public Memory<byte> Free => array.AsMemory(written);

        public void Advance(int count)
        {
            written += count;
            Memory = array.AsMemory(0, written);
        }

        public Segment Append(int size)
        {
            var next = new Segment(size, RunningIndex + written);
            Next = next;
            return next;
        }

        /// <summary>Returns this segment's array and those after it to the pool.</summary>
        public void Release()
        {
            for (var segment = this; segment is not null; segment = (Segment?)segment.Next)
            {
                if (segment.array is { } rented)
                    ArrayPool<byte>.Shared.Return(rented);
                segment.array = null;
                segment.Memory = ReadOnlyMemory<byte>.Empty;
            }
        }
    }
}
