using System.Net;
using Micro.Contracts.GitHub;

namespace Micro.RunnerBroker.Tests;

public sealed class WebhookLauncherTests
{
    static readonly JobEvents Events = new();

    [Fact]
    public async Task The_original_launcher_is_asked_to_start_a_runner_with_its_secret_and_the_token_it_can_trade()
    {
        await using var launcher = await FakeLauncher.Start();
        await using var service = await RunnerBrokerHost.Start(RunnerBrokerHost.WebhookLauncher(launcher));

        await service.Publish(Events.Event(51, WorkflowJobAction.Queued, ["self-hosted", "linux-32gb"]));

        var job = await service.JobIn(51, "launched");
        var start = Assert.Single(launcher.Starts);
        Assert.Equal(("https://github.com/Codertocat/Hello-World", RunnerBrokerHost.TokenUrl), (start.GitHubUrl, start.TokenUrl));
        Assert.Equal(["self-hosted", "linux-32gb"], start.RunnerLabels);
        Assert.Equal("Webhook", job.GetProperty("launches")[0].Text("launcher"));
        using var exchanged = await service.Exchange(start.LauncherToken);
        Assert.Equal(HttpStatusCode.OK, exchanged.StatusCode);
    }

    [Fact]
    public async Task The_original_environment_variables_configure_the_webhook_launcher()
    {
        await using var launcher = await FakeLauncher.Start();
        await using var service = await RunnerBrokerHost.Start(new Dictionary<string, string?>
        {
            ["RunnerBroker:TokenUrl"] = null,
            ["GHA_SLURM_ADDRESS"] = launcher.Url.ToString(),
            ["GHA_SLURM_SHARED_SECRET"] = FakeLauncher.Secret,
            ["RUNNER_URL"] = "https://old.example.org/gha/runner",
        });

        await service.Publish(Events.Event(52, WorkflowJobAction.Queued));

        await service.JobIn(52, "launched");
        Assert.Equal("https://old.example.org/gha/runner", Assert.Single(launcher.Starts).TokenUrl);
    }

    [Fact]
    public async Task A_failing_launcher_is_tried_again_with_backoff_then_the_launch_is_recorded_as_failed_with_its_answer()
    {
        await using var launcher = await FakeLauncher.Start();
        var settings = RunnerBrokerHost.WebhookLauncher(launcher);
        settings["RunnerBroker:LaunchAttempts"] = "3";
        await using var service = await RunnerBrokerHost.Start(settings);

        launcher.Fail(503, times: 2);
        await service.Publish(Events.Event(53, WorkflowJobAction.Queued));
        var recovered = await service.JobIn(53, "launched", ticking: TimeSpan.FromSeconds(1));
        Assert.Single(launcher.Starts);

        launcher.Fail(503, times: 3);
        await service.Publish(Events.Event(54, WorkflowJobAction.Queued));
        var failed = await service.JobIn(54, "launch-failed", ticking: TimeSpan.FromSeconds(1));

        Assert.Equal("accepted", recovered.Text("launcherAnswer"));
        Assert.Equal("503 Service Unavailable: launcher says no (503)", failed.Text("launcherAnswer"));
        Assert.Equal("the launcher did not launch a runner after 3 tries", failed.Text("reason"));
    }

    [Fact]
    public async Task A_refusal_is_not_tried_again()
    {
        await using var launcher = await FakeLauncher.Start();
        var settings = RunnerBrokerHost.WebhookLauncher(launcher);
        settings["RunnerBroker:Webhook:SharedSecret"] = "not-the-secret";
        await using var service = await RunnerBrokerHost.Start(settings);

        await service.Publish(Events.Event(55, WorkflowJobAction.Queued));

        var failed = await service.JobIn(55, "launch-failed");
        Assert.Equal("401 Unauthorized: Unauthorized", failed.Text("launcherAnswer"));
        Assert.Equal(1, launcher.Refused);
    }
}
