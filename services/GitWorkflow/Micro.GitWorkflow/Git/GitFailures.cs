namespace Micro.GitWorkflow.Git;

/// <summary>Which git failures may pass by themselves: the network, or the server's own trouble (5xx), not a refusal.</summary>
static class GitFailures
{
    static readonly string[] TransientSigns =
    [
        "Could not resolve host",
        "Connection refused",
        "Connection timed out",
        "Failed to connect",
        "Operation timed out",
        "early EOF",
        "The requested URL returned error: 5",
        "RPC failed",
        "Empty reply from server",
        "Connection reset",
    ];

    public static bool IsTransient(string output) => TransientSigns.Any(sign => output.Contains(sign, StringComparison.OrdinalIgnoreCase));
}
