using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Micro.PrLock.Tests;
using Micro.Rerun.Tests;
using Micro.RunnerBroker.Tests;
using Micro.RunnerBroker.Tests.Slurm;
using Micro.Testing;
using Micro.Testing.Fakes;

namespace Micro.EndToEnd.Tests;

/// <summary>
/// The runner broker in the distributed topology launching on the real single-node Slurm: GitHub's signed <c>workflow_job</c> webhooks
/// come in at the gateway, the broker submits batch jobs through slurmrestd, and each job's script trades its launcher token at the
/// gateway's <c>/gha/runner</c> (the URL an operator gives as <c>RUNNER_URL</c>) for a registration token from (fake) GitHub.
/// </summary>
public sealed class DistributedRunnerTests : IDisposable
{
    static readonly TimeSpan JobTimeout = TimeSpan.FromSeconds(90);

    readonly string directory = SlurmCluster.NewDirectory();
    readonly JobEvents events = new("acme/slurm-app");

    [Fact]
    public async Task A_queued_job_gets_a_runner_on_Slurm_that_registers_through_the_gateway_and_in_progress_closes_it()
    {
        await using var gitHub = await FakeGitHub.Start();
        // The stand-in runner: what the job's script gave it, where the test can read it.
        await using var topology = await Start(gitHub,
            runnerCommand: $"printf '%s\\n' \"$RUNNER_TOKEN\" \"$RUNNER_LABELS\" \"$RUNNER_URL\" >{directory}/runner-$MICRO_JOB_ID.txt");
        using var gateway = topology.Client();
        await MapToSlurmUser(topology);

        await gateway.Deliver(Webhook(7101, "queued"));

        var recorded = Path.Combine(directory, "runner-7101.txt");
        await Eventually.True(() => File.Exists(recorded) && File.ReadAllText(recorded).EndsWith('\n'), "the stand-in runner has run on Slurm", JobTimeout);
        var registration = Assert.Single(gitHub.RunnerCredentials);
        Assert.Equal((events.Repository, null), (registration.Repository, registration.RunnerName));
        Assert.Equal([registration.Value, "self-hosted,linux", $"https://github.com/{events.Repository}"], File.ReadAllLines(recorded));

        // The exchange reaches the job's record through the saga: a moment after the runner had its token.
        var launched = await JobIn(gateway, 7101, "launched", job => Has(job.GetProperty("launches")[0], "tokenExchangedAt"));
        Assert.Equal((SlurmCluster.User, "gha"), (launched.Text("launcherUser"), launched.Text("partition")));
        var launch = Assert.Single(launched.GetProperty("launches").EnumerateArray());
        Assert.Equal("slurm", launch.Text("launcher"));
        // The Slurm job the broker names is the one that ran the script (its output file is named by its id).
        Assert.True(File.Exists(Path.Combine(directory, $"{launch.Text("externalId")}.out")), "the launch's Slurm job wrote its output");

        await gateway.Deliver(Webhook(7101, "in_progress"));

        var started = await JobIn(gateway, 7101, "started");
        Assert.True(Has(started, "startedAt"));
        // Its runner took the job: nothing to cancel.
        Assert.False(Has(Assert.Single(started.GetProperty("launches").EnumerateArray()), "cancelReason"));
    }

    [Fact]
    public async Task A_job_cancelled_before_it_started_has_its_waiting_runner_cancelled_in_Slurm()
    {
        await using var gitHub = await FakeGitHub.Start();
        // A runner waiting for GitHub to give it the job.
        await using var topology = await Start(gitHub, runnerCommand: $"touch {directory}/started-$MICRO_JOB_ID; sleep 600");
        using var gateway = topology.Client();
        await MapToSlurmUser(topology);

        await gateway.Deliver(Webhook(7102, "queued"));

        await Eventually.True(() => File.Exists(Path.Combine(directory, "started-7102")), "the runner is running on Slurm", JobTimeout);
        var launched = await JobIn(gateway, 7102, "launched");
        var slurmJobId = long.Parse(Assert.Single(launched.GetProperty("launches").EnumerateArray()).Text("externalId"));
        Assert.Equal("RUNNING", await SlurmCluster.Squeue(slurmJobId));

        await gateway.Deliver(Webhook(7102, "completed", conclusion: "cancelled"));

        await Eventually.True(async () => await SlurmCluster.Squeue(slurmJobId) == "", "squeue no longer lists the runner's job", JobTimeout);
        var finished = await JobIn(gateway, 7102, "finished",
            job => Has(job.GetProperty("launches")[0], "cancelledAt"));
        Assert.Equal("the job was cancelled before it started", finished.GetProperty("launches")[0].Text("cancelReason"));
    }

    /// <summary>
    /// The topology with the runner broker set up as an operator would for Slurm: the Slurm launcher, the cluster's JWT key, the
    /// gateway's <c>/gha/runner</c> as the token URL, and <paramref name="runnerCommand"/> in place of the actions runner.
    /// </summary>
    Task<DistributedTopology> Start(FakeGitHub gitHub, string runnerCommand)
    {
        var gatewayPort = ServiceProcess.FreePort().ToString();
        return DistributedTopology.Start(new Dictionary<string, string>
        {
            ["MICRO_GATEWAY_PORT"] = gatewayPort,
            ["GITHUB_WEBHOOK_SECRET"] = RerunApiCalls.WebhookSecret,
            ["GitHub__ApiUrl"] = gitHub.ApiUrl.ToString(),
            ["GITHUB_TOKEN"] = FakeGitHub.Token,
            ["RunnerBroker__Launcher"] = "Slurm",
            ["RUNNER_URL"] = $"http://127.0.0.1:{gatewayPort}/gha/runner",
            ["RunnerBroker__IdleTimeout"] = "00:05:00",
            ["RunnerBroker__Slurm__ApiUrl"] = SlurmCluster.ApiUrl.ToString(),
            ["RunnerBroker__Slurm__UserName"] = SlurmCluster.User,
            ["RunnerBroker__Slurm__JwtKeyFile"] = SlurmCluster.JwtKeyFile,
            ["RunnerBroker__Slurm__WorkingDirectory"] = directory,
            ["RunnerBroker__Slurm__OutputPath"] = "%j.out",
            ["RunnerBroker__Slurm__RunnerCommand"] = runnerCommand,
        });
    }

    /// <summary>The repository's runners run as the Slurm job user: an admin action at the gateway.</summary>
    async Task MapToSlurmUser(DistributedTopology topology)
    {
        using var admin = topology.Client(DistributedTopology.AdminToken);
        using var mapped = await admin.PutAsJsonAsync($"/api/runners/repositories/{events.Repository}", new { user = SlurmCluster.User });
        Assert.Equal(HttpStatusCode.Created, mapped.StatusCode);
    }

    Webhook Webhook(long jobId, string action, string? conclusion = null)
    {
        var (name, body) = events.Webhook(jobId, action, conclusion: conclusion);
        return new Webhook(name, body);
    }

    static async Task<JsonElement> JobIn(HttpClient gateway, long jobId, string state, Func<JsonElement, bool>? and = null)
    {
        JsonElement job = default;
        await Eventually.True(async () =>
        {
            using var response = await gateway.GetAsync($"/api/runners/jobs/{jobId}");
            if (!response.IsSuccessStatusCode)
                return false;
            job = await response.Json();
            return job.Text("state") == state && (and is null || and(job));
        }, $"job {jobId} is {state}", JobTimeout);
        return job;
    }

    /// <summary>Whether the API shows the property (it leaves out what is null).</summary>
    static bool Has(JsonElement json, string property) => json.TryGetProperty(property, out var value) && value.ValueKind != JsonValueKind.Null;

    public void Dispose() => Directory.Delete(directory, recursive: true);
}
