using System.Security.Cryptography;
using System.Text;
using Micro.Contracts.GitHub;

namespace Micro.Rerun.GitHubActions;

/// <summary>
/// The saga's correlation id: a name-based UUID (version 5) of <c>owner/name#runId#attempt</c>, so every replica and every
/// redelivery of an event finds the same instance without a lookup.
/// </summary>
public static class RunAttemptKey
{
    static readonly Guid Namespace = new("4f6f1b1e-3c55-4c2b-9a55-6d1c2a1f0e21");

    public static Guid Of(WorkflowJobEvent job) => Of(job.Origin.Repository.FullName, job.RunId, job.RunAttempt);

    public static Guid Of(WorkflowRunEvent run) => Of(run.Origin.Repository.FullName, run.RunId, run.RunAttempt);

    public static Guid Of(string repository, long runId, int runAttempt)
    {
        var name = Encoding.UTF8.GetBytes($"{repository.ToLowerInvariant()}#{runId}#{runAttempt}");
        var hash = SHA1.HashData([.. Namespace.ToByteArray(bigEndian: true), .. name]);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }
}
