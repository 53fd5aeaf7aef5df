using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MassTransit;
using Micro.Hosting;
using Micro.RunnerBroker.Launching;
using Micro.Testing;
using Micro.Testing.Fakes;
using Microsoft.Extensions.DependencyInjection;

namespace Micro.RunnerBroker.Tests;

/// <summary>
/// The runner-broker module on a real port, as its Program wires it, with "now" in the test's hand and a fake GitHub behind it. By
/// default SQLite in a directory of its own and the in-memory bus, launcher user <c>alice</c> mapped to the test repository, and fast
/// polls; settings replace these (a null value removes one).
/// </summary>
public sealed class RunnerBrokerHost : IAsyncDisposable
{
    public const string TokenUrl = "http://micro.test/gha/runner";
    public const string User = "alice";

    public static readonly DateTimeOffset Start2026 = new(2026, 11, 30, 8, 0, 0, TimeSpan.Zero);

    readonly TestWebHost host;
    readonly string? ownedDirectory;
    readonly bool ownsGitHub;

    RunnerBrokerHost(TestWebHost host, FakeGitHub gitHub, bool ownsGitHub, SettableTime time, string? ownedDirectory)
    {
        this.host = host;
        this.ownsGitHub = ownsGitHub;
        GitHub = gitHub;
        Time = time;
        this.ownedDirectory = ownedDirectory;
    }

    public FakeGitHub GitHub { get; }

    public SettableTime Time { get; }

    public HttpClient Client => host.Client;

    public Uri Address => host.Address;

    public IServiceProvider Services => host.Services;

    /// <param name="launcher">A launcher in the process; without one, the settings choose (the webhook launcher, or none).</param>
    /// <param name="compose">What else the process holds (the door, ingestion), added before the runner broker.</param>
    public static async Task<RunnerBrokerHost> Start(
        IDictionary<string, string?>? settings = null, IRunnerLauncher? launcher = null, Action<MicroHostBuilder>? compose = null,
        FakeGitHub? gitHub = null, SettableTime? time = null)
    {
        var ownsGitHub = gitHub is null;
        gitHub ??= await FakeGitHub.Start();
        var all = new Dictionary<string, string?>
        {
            ["Messaging:Transport"] = "InMemory",
            ["Database:Provider"] = "Sqlite",
            ["GitHub:ApiUrl"] = gitHub.ApiUrl.ToString(),
            ["GitHub:Token"] = FakeGitHub.Token,
            ["RunnerBroker:TokenUrl"] = TokenUrl,
            ["RunnerBroker:PollInterval"] = "00:00:00.050",
            ["RunnerBroker:LaunchRetryDelay"] = "00:00:00.050",
            [$"RunnerBroker:Repositories:{User}:0"] = JobEvents.DefaultRepository,
        };
        string? ownedDirectory = null;
        if (settings is null || !settings.ContainsKey("Database:DataDirectory"))
        {
            ownedDirectory = Directory.CreateTempSubdirectory("micro-runners-").FullName;
            all["Database:DataDirectory"] = ownedDirectory;
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            if (value is null)
                all.Remove(key);
            else
                all[key] = value;
        }

        time ??= new SettableTime(Start2026);
        try
        {
            var host = await TestWebHost.Start(all, micro =>
            {
                micro.Services.AddSingleton<TimeProvider>(time);
                if (launcher is not null)
                    micro.Services.AddSingleton(launcher);
                compose?.Invoke(micro);
                micro.Add(new RunnerBrokerModule());
            });
            return new RunnerBrokerHost(host, gitHub, ownsGitHub, time, ownedDirectory);
        }
        catch
        {
            if (ownsGitHub)
                await gitHub.DisposeAsync();
            if (ownedDirectory is not null)
                Directory.Delete(ownedDirectory, recursive: true);
            throw;
        }
    }

    /// <summary>Settings that make the webhook launcher call <paramref name="launcher"/>.</summary>
    public static Dictionary<string, string?> WebhookLauncher(FakeLauncher launcher) => new()
    {
        ["RunnerBroker:Webhook:Url"] = launcher.Url.ToString(),
        ["RunnerBroker:Webhook:SharedSecret"] = FakeLauncher.Secret,
    };

    public async Task Publish(params Contracts.GitHub.WorkflowJobEvent[] events)
    {
        var bus = Services.GetRequiredService<IBus>();
        foreach (var job in events)
            await bus.Publish(job);
    }

    /// <summary>
    /// Publishes the events and waits until the service has consumed every one of them (its saga committed, or the event passed over),
    /// so that a test can then look for what they did not do.
    /// </summary>
    public async Task PublishConsumed(params Contracts.GitHub.WorkflowJobEvent[] events)
    {
        var bus = Services.GetRequiredService<IBus>();
        var consumed = new ConsumedMessages();
        using var observing = bus.ConnectConsumeMessageObserver(consumed);
        var ids = events.Select(_ => NewId.NextGuid()).ToList();
        foreach (var (job, id) in events.Zip(ids))
            await bus.Publish(job, context => context.MessageId = id);
        await Eventually.True(() => ids.All(consumed.Ids.ContainsKey), $"the service consumed the {events.Length} events");
    }

    sealed class ConsumedMessages : IConsumeMessageObserver<Contracts.GitHub.WorkflowJobEvent>
    {
        public System.Collections.Concurrent.ConcurrentDictionary<Guid, bool> Ids { get; } = new();

        public Task PreConsume(ConsumeContext<Contracts.GitHub.WorkflowJobEvent> context) => Task.CompletedTask;

        public Task PostConsume(ConsumeContext<Contracts.GitHub.WorkflowJobEvent> context)
        {
            if (context.MessageId is { } id)
                Ids[id] = true;
            return Task.CompletedTask;
        }

        public Task ConsumeFault(ConsumeContext<Contracts.GitHub.WorkflowJobEvent> context, Exception exception) => Task.CompletedTask;
    }

    /// <summary>The API's view of the job, or null while the service has not recorded it.</summary>
    public async Task<JsonElement?> Job(long jobId)
    {
        using var response = await Client.GetAsync($"/api/runners/jobs/{jobId}");
        if (response.StatusCode == HttpStatusCode.NotFound)
            return null;
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>Waits until the job is in <paramref name="state"/> and answers it.</summary>
    /// <param name="ticking">Moves "now" on by this much at each look, for waits (backoff) measured on the service's clock.</param>
    public async Task<JsonElement> JobIn(long jobId, string state, Func<JsonElement, bool>? and = null, TimeSpan? ticking = null)
    {
        JsonElement? last = null;
        try
        {
            await Eventually.True(async () =>
            {
                if (ticking is { } tick)
                    Time.Advance(tick);
                last = await Job(jobId);
                return last is { } job && job.GetProperty("state").GetString() == state && (and is null || and(job));
            }, $"job {jobId} reaches {state}", TimeSpan.FromSeconds(30));
        }
        catch (TimeoutException timeout)
        {
            throw new TimeoutException($"{timeout.Message}; last seen: {last?.ToString() ?? "not recorded"}", timeout);
        }

        return last!.Value;
    }

    /// <summary>Trades a launcher token at <c>POST /gha/runner</c>, the way the original's job script sends it (the raw token).</summary>
    public async Task<HttpResponseMessage> Exchange(string? authorization)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/gha/runner");
        if (authorization is not null)
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        return await Client.SendAsync(request);
    }

    public async ValueTask DisposeAsync()
    {
        await host.DisposeAsync();
        if (ownsGitHub)
            await GitHub.DisposeAsync();
        if (ownedDirectory is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(ownedDirectory, recursive: true);
        }
    }
}
