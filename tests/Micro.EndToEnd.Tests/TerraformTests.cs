using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Micro.EndToEnd.Tests.Terraform;
using Micro.Testing;

namespace Micro.EndToEnd.Tests;

/// <summary>
/// deploy/terraform/gcp against the services it deploys, without Terraform's providers (which cannot be downloaded here): the
/// files are read as text, the services' configuration keys from their source.
/// </summary>
public sealed partial class TerraformTests
{
    public static TheoryData<string> Services => [.. GcpConfiguration.ServiceProjects.Keys];

    [TerraformFact]
    public async Task Terraform_files_are_formatted_as_terraform_fmt_writes_them()
    {
        var fmt = await Command.Run("terraform", ["fmt", "-check", "-recursive", "-diff", Path.Combine(SourceTree.Root, "deploy", "terraform")]);

        Assert.True(fmt.ExitCode == 0, $"terraform fmt -check failed ({fmt.ExitCode}); run terraform fmt -recursive deploy/terraform:\n{fmt.Output}\n{fmt.Errors}");
    }

    [Theory]
    [MemberData(nameof(Services))]
    public void Every_environment_variable_of_a_cloud_run_service_is_a_key_the_service_reads(string service)
    {
        var keys = SourceConfigurationKeys.Of(GcpConfiguration.ServiceProjects[service]);
        var names = GcpConfiguration.EnvironmentNames(service);

        Assert.NotEmpty(names);
        Assert.True(keys.Count > 20, $"only {keys.Count} keys found in the source of {service}: the source scan is broken");
        Assert.DoesNotContain(names, name => !keys.Reads(name));
    }

    [Fact]
    public void Every_service_has_an_environment_and_a_size()
    {
        var env = GcpConfiguration.File("env.tf");
        var sizes = GcpConfiguration.File("variables.tf").Block("variable \"services\"").Object("default");

        Assert.Equal(GcpConfiguration.ServiceProjects.Keys.Order(), env.Object("env").Keys.Except(["all", "backends"]).Order());
        Assert.Equal(GcpConfiguration.ServiceProjects.Keys.Order(), env.Object("secret_env").Keys.Except(["all", "backends"]).Order());
        Assert.Equal(GcpConfiguration.ServiceProjects.Keys.Order(), sizes.Keys.Order());
    }

    [Fact]
    public void The_gateway_points_each_of_its_clusters_at_the_service_behind_it()
    {
        var appsettings = JsonNode.Parse(File.ReadAllText(Path.Combine(SourceTree.Root, "services", "Gateway", "Micro.Gateway", "appsettings.json")))!;
        var clusters = appsettings["ReverseProxy"]!["Clusters"]!.AsObject();
        var destinations = GcpConfiguration.GatewayDestinations;

        // The default destination's own name, so that the Cloud Run address replaces 127.0.0.1 rather than joining it.
        var expected = clusters.Select(cluster => $"ReverseProxy__Clusters__{cluster.Key}__Destinations__{cluster.Value!["Destinations"]!.AsObject().Single().Key}__Address");
        Assert.Equal(expected.Order(), destinations.Keys.Order());

        var services = destinations.Keys.Select(key => BackendReference().Match(destinations.Text(key)).Groups["service"].Value).ToList();
        Assert.Equal(GcpConfiguration.ServiceProjects.Keys.Where(service => service != "gateway").Order(), services.Order());
    }

    [Fact]
    public void Topic_names_default_to_what_the_git_workflow_service_expects()
    {
        var variables = GcpConfiguration.File("variables.tf");
        var publishing = File.ReadAllText(Path.Combine(SourceTree.Root, "services", "GitWorkflow", "Micro.GitWorkflow", "Publishing", "PublishingOptions.cs"));
        var serviceDefault = WorkflowTopicDefault().Match(publishing);
        var gitWorkflow = GcpConfiguration.File("env.tf").Object("env").Object("git-workflow");

        Assert.True(serviceDefault.Success, "PublishingOptions.WorkflowTopic has no default in the source any more");
        Assert.Equal(serviceDefault.Groups["topic"].Value, variables.Block("variable \"workflow_topic_name\"").String("default"));
        Assert.Equal("workflow-trigger-topic", variables.Block("variable \"workflow_topic_name\"").String("default"));
        Assert.False(string.IsNullOrWhiteSpace(variables.Block("variable \"results_topic_name\"").String("default")));

        var pubsub = GcpConfiguration.File("pubsub.tf");
        Assert.Equal("var.workflow_topic_name", pubsub.Block("resource \"google_pubsub_topic\" \"workflow\"").Text("name"));
        Assert.Equal("var.results_topic_name", pubsub.Block("resource \"google_pubsub_topic\" \"results\"").Text("name"));
        Assert.Equal("google_pubsub_topic.workflow.name", gitWorkflow.Text("PubSub__WorkflowTopic"));
        Assert.Equal("google_pubsub_topic.results.name", gitWorkflow.Text("PubSub__ResultsTopic"));
    }

    [Fact]
    public void Pub_sub_pushes_to_the_gateway_path_ingestion_serves_with_the_token_ingestion_checks()
    {
        var subscription = GcpConfiguration.File("pubsub.tf").Block("resource \"google_pubsub_subscription\" \"workflow\"");
        var push = subscription.Object("dynamic \"push_config\"").Object("content");
        var endpoint = PushEndpoint().Match(push.Text("push_endpoint"));
        var ingestionModule = File.ReadAllText(Path.Combine(SourceTree.Root, "services", "Ingestion", "Micro.Ingestion", "IngestionModule.cs"));
        var gatewayRoutes = JsonNode.Parse(File.ReadAllText(Path.Combine(SourceTree.Root, "services", "Gateway", "Micro.Gateway", "appsettings.json")))!["ReverseProxy"]!["Routes"]!.AsObject();
        var ingestion = GcpConfiguration.File("env.tf").Object("env").Object("ingestion");

        Assert.True(endpoint.Success, $"the push endpoint is not the gateway's address and a path: {push.Text("push_endpoint")}");
        var path = endpoint.Groups["path"].Value;
        Assert.Equal("/webhooks/pubsub", path);
        Assert.Contains($"MapPost(\"{path}\"", ingestionModule, StringComparison.Ordinal);
        // The gateway passes POSTs under /webhooks/ to ingestion.
        Assert.Contains(gatewayRoutes, route => route.Value!["ClusterId"]!.GetValue<string>() == "ingestion"
            && route.Value["Match"]!["Path"]!.GetValue<string>() == "/webhooks/{**rest}"
            && route.Value["Match"]!["Methods"]!.AsArray().Any(method => method!.GetValue<string>() == "POST"));

        var token = push.Object("oidc_token");
        Assert.Equal("var.push_audience", token.Text("audience"));
        Assert.Contains("var.push_audience", ingestion.Text("PubSub__Push__Audience"), StringComparison.Ordinal);
        Assert.Equal("google_service_account.push[0].email", token.Text("service_account_email"));
        Assert.Contains("google_service_account.push[0].email", ingestion.Text("PubSub__Push__ServiceAccountEmail"), StringComparison.Ordinal);
    }

    [Fact]
    public void Every_secret_a_service_is_given_is_one_terraform_makes()
    {
        var secretsFile = File.ReadAllText(Path.Combine(GcpConfiguration.Directory, "secrets.tf"));
        var made = SecretName().Matches(secretsFile).Select(match => match.Groups["name"].Value)
            .Concat(GcpConfiguration.File("secrets.tf").Object("databases").Keys.Select(service => $"{service}-database"))
            .ToHashSet();
        var secretEnv = GcpConfiguration.File("env.tf").Object("secret_env");
        var given = secretEnv.Keys.SelectMany(group => secretEnv.Object(group).Keys.Select(name => secretEnv.Object(group).String(name))).ToList();

        Assert.Contains("\"${service}-database\" =>", secretsFile, StringComparison.Ordinal);
        Assert.DoesNotContain(given, secret => !made.Contains(secret));
        Assert.DoesNotContain(made, secret => !given.Contains(secret));
    }

    [GeneratedRegex("""google_cloud_run_v2_service\.backend\["(?<service>[a-z-]+)"\]\.uri""")]
    private static partial Regex BackendReference();

    [GeneratedRegex("""WorkflowTopic \{ get; set; \} = "(?<topic>[^"]+)";""")]
    private static partial Regex WorkflowTopicDefault();

    [GeneratedRegex("""^"\$\{google_cloud_run_v2_service\.gateway\.uri\}(?<path>/[^"]*)"$""")]
    private static partial Regex PushEndpoint();

    [GeneratedRegex("""^\s+"(?<name>[a-z-]+)"\s+= var\.""", RegexOptions.Multiline)]
    private static partial Regex SecretName();
}
