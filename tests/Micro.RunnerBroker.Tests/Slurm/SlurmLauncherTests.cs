using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Micro.RunnerBroker.Launching;
using Micro.RunnerBroker.Slurm;
using Micro.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Micro.RunnerBroker.Tests.Slurm;

/// <summary>
/// <see cref="SlurmLauncher"/> against the real single-node Slurm of the test script: jobs really run as the mapped user, their
/// script trades the launcher token at a loopback stand-in for <c>/gha/runner</c>, and a stand-in runner command records what it got.
/// </summary>
public sealed class SlurmLauncherTests : IAsyncLifetime
{
    static readonly TimeSpan JobTimeout = TimeSpan.FromSeconds(90);

    readonly string directory = SlurmCluster.NewDirectory();
    FakeTokenExchange exchange = null!;

    public async Task InitializeAsync() => exchange = await FakeTokenExchange.Start();

    public async Task DisposeAsync() => await exchange.DisposeAsync();

    [Fact]
    public async Task A_launched_job_trades_the_launcher_token_and_starts_the_runner_with_the_registration_token()
    {
        // The stand-in runner: what it was given, where the test can read it.
        using var services = Services(runnerCommand: $"printf '%s\\n' \"$RUNNER_TOKEN\" \"$RUNNER_LABELS\" \"$RUNNER_URL\" >{directory}/runner-$MICRO_JOB_ID.txt");
        var launch = Launch(jobId: 4711, labels: ["self-hosted", "linux", "gpu"]);

        var launched = await services.GetRequiredService<IRunnerLauncher>().Launch(launch, CancellationToken.None);

        Assert.Equal("slurm", launched.Launcher);
        var slurmJobId = long.Parse(launched.ExternalId!, CultureInfo.InvariantCulture);
        var recorded = Path.Combine(directory, "runner-4711.txt");
        await Eventually.True(() => File.Exists(recorded) && File.ReadAllText(recorded).EndsWith('\n'), "the stand-in runner has run", JobTimeout);
        Assert.Equal(launch.LauncherToken, Assert.Single(exchange.Authorizations));
        Assert.Equal(
            [FakeTokenExchange.RegistrationTokenFor(launch.LauncherToken), "self-hosted,linux,gpu", "https://github.com/octo/app"],
            File.ReadAllLines(recorded));

        var api = services.GetRequiredService<SlurmApi>();
        SlurmJobState? job = null;
        await Eventually.True(async () => (job = await api.Find(SlurmCluster.User, slurmJobId, default))?.JobState == "COMPLETED",
            "Slurm reports the job completed", JobTimeout);
        Assert.Equal(("gha", SlurmCluster.User), (job!.Partition, job.UserName));
        // The launcher token travels in the job's environment only: neither the script Slurm keeps nor the job's output holds it.
        Assert.DoesNotContain(launch.LauncherToken, await SlurmCluster.BatchScript(slurmJobId));
        Assert.DoesNotContain(launch.LauncherToken, await File.ReadAllTextAsync(Path.Combine(directory, $"{slurmJobId}.out")));
    }

    [Fact]
    public async Task A_just_in_time_configuration_reaches_the_runner_in_its_input_variable_and_no_token_does()
    {
        exchange.JitConfig = "eyJydW5uZXIiOiJqaXQifQ==";
        using var services = Services(
            runnerCommand: $"printf '%s\\n' \"$ACTIONS_RUNNER_INPUT_JITCONFIG\" \"${{RUNNER_TOKEN:-none}}\" >{directory}/runner-$MICRO_JOB_ID.txt");

        await LaunchedJobId(services, Launch(jobId: 4715));

        var recorded = Path.Combine(directory, "runner-4715.txt");
        await Eventually.True(() => File.Exists(recorded) && File.ReadAllText(recorded).EndsWith('\n'), "the stand-in runner has run", JobTimeout);
        Assert.Equal(["eyJydW5uZXIiOiJqaXQifQ==", "none"], File.ReadAllLines(recorded));
    }

    [Fact]
    public async Task A_runner_that_takes_no_job_gives_up_after_the_idle_timeout()
    {
        using var services = Services(runnerCommand: "sleep 600", idleTimeout: "00:00:03");

        var slurmJobId = await LaunchedJobId(services, Launch(jobId: 4712, partition: "32GBRAM"));

        SlurmJobState? job = null;
        await Eventually.True(async () => (job = await services.GetRequiredService<SlurmApi>().Find(SlurmCluster.User, slurmJobId, default))?.JobState == "COMPLETED",
            "the idle runner's job has ended", JobTimeout);
        Assert.Equal("32GBRAM", job!.Partition);
        Assert.Contains("the runner took no job within 3 s; giving up", await File.ReadAllTextAsync(Path.Combine(directory, $"{slurmJobId}.out")));
    }

    [Fact]
    public async Task A_runner_that_took_a_job_is_left_to_finish_it()
    {
        using var services = Services(runnerCommand: "echo 'Running job: build'; sleep 6; echo 'Job build completed'", idleTimeout: "00:00:02");

        var slurmJobId = await LaunchedJobId(services, Launch(jobId: 4713));

        await Eventually.True(async () => (await services.GetRequiredService<SlurmApi>().Find(SlurmCluster.User, slurmJobId, default))?.JobState == "COMPLETED",
            "the busy runner's job has ended", JobTimeout);
        var output = await File.ReadAllTextAsync(Path.Combine(directory, $"{slurmJobId}.out"));
        Assert.Contains("Job build completed", output);
        Assert.DoesNotContain("giving up", output);
    }

    [Fact]
    public async Task Cancelling_a_running_job_cancels_it_in_Slurm()
    {
        using var services = Services(runnerCommand: $"touch {directory}/started-$MICRO_JOB_ID; sleep 600");
        var launcher = services.GetRequiredService<IRunnerLauncher>();
        var launched = await launcher.Launch(Launch(jobId: 4714), CancellationToken.None);
        var slurmJobId = long.Parse(launched.ExternalId!, CultureInfo.InvariantCulture);
        await Eventually.True(() => File.Exists(Path.Combine(directory, "started-4714")), "the runner is running", JobTimeout);
        Assert.Equal("RUNNING", await SlurmCluster.Squeue(slurmJobId));

        await launcher.Cancel(launched, CancellationToken.None);

        await Eventually.True(async () => await SlurmCluster.Squeue(slurmJobId) == "", "squeue no longer lists the job", JobTimeout);
        Assert.Equal("CANCELLED", (await services.GetRequiredService<SlurmApi>().Find(SlurmCluster.User, slurmJobId, default))?.JobState);
    }

    [Fact]
    public async Task Cancelling_a_pending_job_cancels_it_in_Slurm()
    {
        using var services = Services(runnerCommand: "sleep 600");
        var launcher = services.GetRequiredService<IRunnerLauncher>();
        var api = services.GetRequiredService<SlurmApi>();
        // The node has two CPUs and each runner takes one: launch until one has to wait.
        var launches = new List<RunnerLaunched>();
        try
        {
            SlurmJobState? pending = null;
            for (var i = 0; i < 4 && pending is null; i++)
            {
                launches.Add(await launcher.Launch(Launch(jobId: 4720 + i), CancellationToken.None));
                var id = long.Parse(launches[^1].ExternalId!, CultureInfo.InvariantCulture);
                SlurmJobState? job = null;
                // A job just submitted is PENDING for reason None until the scheduler has looked at it.
                await Eventually.True(async () => (job = await api.Find(SlurmCluster.User, id, default)) is { JobState: "RUNNING" } or { JobState: "PENDING", StateReason: not "None" },
                    "the scheduler has started the job or said why it waits", JobTimeout);
                if (job!.JobState == "PENDING")
                    pending = job;
            }
            Assert.NotNull(pending);

            await launcher.Cancel(launches[^1], CancellationToken.None);

            await Eventually.True(async () => await SlurmCluster.Squeue(pending.JobId) == "", "squeue no longer lists the pending job", JobTimeout);
            Assert.Equal("CANCELLED", (await api.Find(SlurmCluster.User, pending.JobId, default))?.JobState);
        }
        finally
        {
            foreach (var launched in launches)
                await launcher.Cancel(launched, default);
        }
    }

    [Fact]
    public async Task Cancelling_a_job_Slurm_does_not_know_does_nothing()
    {
        using var services = Services(runnerCommand: "true");

        await services.GetRequiredService<IRunnerLauncher>().Cancel(new RunnerLaunched("slurm", "987654321"), CancellationToken.None);
    }

    [Fact]
    public async Task A_fixed_token_from_configuration_is_accepted()
    {
        var key = await File.ReadAllBytesAsync(SlurmCluster.JwtKeyFile, CancellationToken.None);
        var token = SlurmJwt.Create(SlurmCluster.User, key, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5));
        using var services = Services(runnerCommand: "sleep 600", credentials: new() { ["Token"] = token });
        var launcher = services.GetRequiredService<IRunnerLauncher>();

        var launched = await launcher.Launch(Launch(jobId: 4730), CancellationToken.None);
        var slurmJobId = long.Parse(launched.ExternalId!, CultureInfo.InvariantCulture);
        Assert.Equal(SlurmCluster.User, (await services.GetRequiredService<SlurmApi>().Find(SlurmCluster.User, slurmJobId, default))?.UserName);

        // Cancelling acts as UserName, the token's user.
        await launcher.Cancel(launched, CancellationToken.None);
        await Eventually.True(async () => await SlurmCluster.Squeue(slurmJobId) == "", "squeue no longer lists the job", JobTimeout);
    }

    [Fact]
    public async Task A_token_signed_with_another_key_is_refused_for_good()
    {
        var wrongKey = Path.Combine(directory, "wrong.key");
        await File.WriteAllBytesAsync(wrongKey, System.Security.Cryptography.RandomNumberGenerator.GetBytes(32), CancellationToken.None);
        using var services = Services(runnerCommand: "true", credentials: new() { ["JwtKeyFile"] = wrongKey });
        var launch = Launch(jobId: 4731);

        var error = await Assert.ThrowsAsync<RunnerLaunchException>(() => services.GetRequiredService<IRunnerLauncher>().Launch(launch, default));

        Assert.False(error.Transient);
        Assert.Contains("rejects the token", error.Message);
        Assert.DoesNotContain(launch.LauncherToken, error.Message);
    }

    [Fact]
    public async Task An_unknown_partition_is_refused_with_a_clear_error()
    {
        using var services = Services(runnerCommand: "true");

        var error = await Assert.ThrowsAsync<RunnerLaunchException>(() =>
            services.GetRequiredService<IRunnerLauncher>().Launch(Launch(jobId: 4732, partition: "64GBRAM"), default));

        Assert.False(error.Transient);
        Assert.Contains("partition '64GBRAM'", error.Message);
        Assert.Contains("Invalid partition name", error.Message);
    }

    [Fact]
    public async Task An_unreachable_slurmrestd_is_a_transient_failure()
    {
        using var services = Services(runnerCommand: "true", apiUrl: new Uri($"http://127.0.0.1:{ClosedPort()}/"));

        var error = await Assert.ThrowsAsync<RunnerLaunchException>(() => services.GetRequiredService<IRunnerLauncher>().Launch(Launch(jobId: 4733), default));

        Assert.True(error.Transient);
        Assert.Contains("did not answer", error.Message);
    }

    RunnerLaunch Launch(long jobId, IReadOnlyList<string>? labels = null, string partition = "gha") => new(
        jobId,
        "octo/app",
        new Uri("https://github.com/octo/app"),
        labels ?? ["self-hosted"],
        partition,
        SlurmCluster.User,
        LauncherToken: $"launcher.{Guid.NewGuid():N}.token",
        exchange.TokenUrl);

    static async Task<long> LaunchedJobId(ServiceProvider services, RunnerLaunch launch)
    {
        var launched = await services.GetRequiredService<IRunnerLauncher>().Launch(launch, CancellationToken.None);
        return long.Parse(launched.ExternalId!, CultureInfo.InvariantCulture);
    }

    ServiceProvider Services(string runnerCommand, string idleTimeout = "00:10:00", Dictionary<string, string?>? credentials = null, Uri? apiUrl = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["RunnerBroker:IdleTimeout"] = idleTimeout,
            ["RunnerBroker:Slurm:ApiUrl"] = (apiUrl ?? SlurmCluster.ApiUrl).ToString(),
            ["RunnerBroker:Slurm:UserName"] = SlurmCluster.User,
            ["RunnerBroker:Slurm:RunnerCommand"] = runnerCommand,
            ["RunnerBroker:Slurm:WorkingDirectory"] = directory,
            ["RunnerBroker:Slurm:OutputPath"] = "%j.out",
        };
        foreach (var (key, value) in credentials ?? new() { ["JwtKeyFile"] = SlurmCluster.JwtKeyFile })
            settings[$"RunnerBroker:Slurm:{key}"] = value;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration).AddSlurmLauncher(configuration).BuildServiceProvider(validateScopes: true);
    }

    static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
