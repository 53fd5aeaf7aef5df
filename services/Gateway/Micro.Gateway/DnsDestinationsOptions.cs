using System.ComponentModel.DataAnnotations;

namespace Micro.Gateway;

/// <summary>
/// The <c>Gateway:Dns</c> section. A destination named by host name stands for every address the name resolves to: with
/// <c>docker compose up --scale rerun=3</c> each replica is a destination of its own, and a replica added or removed is seen at the
/// next lookup.
/// </summary>
public sealed class DnsDestinationsOptions
{
    public const string Section = "Gateway:Dns";

    /// <summary>How often the names are looked up again; a compose replica is ready within seconds of starting.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan RefreshPeriod { get; set; } = TimeSpan.FromSeconds(10);
}
