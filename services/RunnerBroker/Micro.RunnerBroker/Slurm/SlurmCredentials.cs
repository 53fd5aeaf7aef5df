using Micro.RunnerBroker.Launching;
using Microsoft.Extensions.Options;

namespace Micro.RunnerBroker.Slurm;

/// <summary>The <c>X-SLURM-USER-TOKEN</c> for a user: the configured token, or one minted from the cluster's JWT key.</summary>
public sealed class SlurmCredentials(IOptions<SlurmOptions> options, TimeProvider time)
{
    public string TokenFor(string userName) =>
        options.Value.JwtKeyFile is { Length: > 0 } file
            ? SlurmJwt.Create(userName, ReadKey(file), time.GetUtcNow(), options.Value.TokenLifetime)
            : options.Value.Token!;

    // Read at each use, so that a rotated key is picked up without a restart.
    static byte[] ReadKey(string file)
    {
        try
        {
            return File.ReadAllBytes(file);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            throw new RunnerLaunchException($"RunnerBroker:Slurm:JwtKeyFile '{file}' cannot be read: {error.Message}", transient: false, error);
        }
    }
}
