using Micro.Testing;

namespace Micro.EndToEnd.Tests.Terraform;

/// <summary>deploy/terraform/gcp, read as text: which environment each Cloud Run service is given (as env.tf and cloudrun.tf compose it).</summary>
sealed class GcpConfiguration
{
    public static string Directory { get; } = Path.Combine(SourceTree.Root, "deploy", "terraform", "gcp");

    /// <summary>Each Cloud Run service and the project that is its source.</summary>
    public static IReadOnlyDictionary<string, string> ServiceProjects { get; } = new Dictionary<string, string>
    {
        ["gateway"] = "services/Gateway/Micro.Gateway",
        ["ingestion"] = "services/Ingestion/Micro.Ingestion",
        ["rerun"] = "services/Rerun/Micro.Rerun",
        ["prlock"] = "services/PrLock/Micro.PrLock",
        ["runner-broker"] = "services/RunnerBroker/Micro.RunnerBroker",
        ["git-workflow"] = "services/GitWorkflow/Micro.GitWorkflow",
    };

    public static HclText File(string name) => new(System.IO.File.ReadAllText(Path.Combine(Directory, name)));

    /// <summary>
    /// The environment variable names <paramref name="service"/> gets: env.tf's "all", "backends" for all but the gateway, and its
    /// own, from both <c>env</c> and <c>secret_env</c>; the gateway also its proxy destinations (cloudrun.tf).
    /// </summary>
    public static IReadOnlyList<string> EnvironmentNames(string service)
    {
        var env = File("env.tf");
        string[] groups = service == "gateway" ? ["all", service] : ["all", "backends", service];
        var names = groups.SelectMany(group => env.Object("env").Object(group).Keys.Concat(env.Object("secret_env").Object(group).Keys)).ToList();
        if (service == "gateway")
            names.AddRange(GatewayDestinations.Keys);
        return names;
    }

    /// <summary>The gateway's ReverseProxy__Clusters__...__Address variables and their values' source text.</summary>
    public static HclObject GatewayDestinations => File("cloudrun.tf").Object("gateway_proxy_env");
}
