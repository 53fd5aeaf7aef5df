using System.Net.Sockets;
using System.Text;

namespace Micro.Ingestion.Tests;

/// <summary>
/// A sender on a raw socket that declares a body, sends only its first bytes, and then stalls, as a slow or hostile client does;
/// an HTTP client would not let a test send less than it declared.
/// </summary>
public sealed class StalledSender : IDisposable
{
    readonly TcpClient connection;

    StalledSender(TcpClient connection) => this.connection = connection;

    public static async Task<StalledSender> Start(Uri address, long declaredBytes, int sentBytes)
    {
        var connection = new TcpClient();
        try
        {
            await connection.ConnectAsync(address.Host, address.Port);
            var head = $"POST /webhooks/github HTTP/1.1\r\nHost: {address.Authority}\r\nContent-Type: application/json\r\n" +
                $"Content-Length: {declaredBytes}\r\nX-GitHub-Event: push\r\nX-GitHub-Delivery: {Guid.NewGuid()}\r\n" +
                $"X-Hub-Signature-256: sha256={new string('0', 64)}\r\n\r\n";
            var stream = connection.GetStream();
            await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
            await stream.WriteAsync(Enumerable.Repeat((byte)' ', sentBytes).ToArray());
            await stream.FlushAsync();
            return new StalledSender(connection);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    public void Dispose() => connection.Dispose();
}
