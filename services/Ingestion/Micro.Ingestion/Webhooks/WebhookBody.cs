using System.Buffers;

namespace Micro.Ingestion.Webhooks;

/// <summary>Reads a request body whole, but never more than a limit: a larger one is refused without being buffered.</summary>
static class WebhookBody
{
    public static async Task<byte[]?> ReadAtMost(HttpRequest request, long limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limit)
            return null;

        var buffer = new ArrayBufferWriter<byte>((int)Math.Min(request.ContentLength ?? 16 * 1024, limit) + 1);
        while (true)
        {
            var memory = buffer.GetMemory(16 * 1024);
            var read = await request.Body.ReadAsync(memory, cancellationToken);
            if (read == 0)
                return buffer.WrittenSpan.ToArray();

            buffer.Advance(read);
            if (buffer.WrittenCount > limit)
                return null;
        }
    }
}
