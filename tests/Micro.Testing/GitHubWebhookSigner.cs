using System.Security.Cryptography;
using System.Text;

namespace Micro.Testing;

/// <summary>Signs a webhook body the way GitHub does, for <c>X-Hub-Signature-256</c>.</summary>
public static class GitHubWebhookSigner
{
    public static string Sign(string secret, byte[] body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));
}
