using System.Net.Http.Json;
using System.Text.Json;
using MassTransit;
using Micro.Hosting;
using Micro.PrLock.Data;
using Micro.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Micro.PrLock.Tests;

/// <summary>
/// The PR-lock module on a real port, as its Program wires it, with "now" in the test's hand and a recorder of its events on the bus.
/// By default SQLite in a directory of its own and the in-memory bus; settings switch to PostgreSQL and RabbitMQ.
/// </summary>
public sealed class PrLockService : IAsyncDisposable
{
    readonly TestWebHost host;
    readonly string? ownedDirectory;

    PrLockService(TestWebHost host, SettableTime time, string? ownedDirectory)
    {
        this.host = host;
        Time = time;
        this.ownedDirectory = ownedDirectory;
    }

    public static readonly DateTimeOffset Start2026 = new(2026, 11, 23, 8, 0, 0, TimeSpan.Zero);

    public HttpClient Client => host.Client;

    public Uri Address => host.Address;

    public IServiceProvider Services => host.Services;

    public SettableTime Time { get; }

    public LockEvents Events => host.Services.GetRequiredService<LockEvents>();

    public ConsumedPullRequests Consumed => host.Services.GetRequiredService<ConsumedPullRequests>();

    /// <summary>Starts the service; <paramref name="compose"/> adds other modules of the same process (the standalone host's neighbours).</summary>
    public static async Task<PrLockService> Start(
        IDictionary<string, string?>? settings = null, SettableTime? time = null, Action<MicroHostBuilder>? compose = null)
    {
        var all = new Dictionary<string, string?> { ["Messaging:Transport"] = "InMemory", ["Database:Provider"] = "Sqlite" };
        string? ownedDirectory = null;
        if (settings is null || !settings.ContainsKey("Database:DataDirectory"))
        {
            ownedDirectory = Directory.CreateTempSubdirectory("micro-prlock-").FullName;
            all["Database:DataDirectory"] = ownedDirectory;
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            all[key] = value;

        time ??= new SettableTime(Start2026);
        try
        {
            return new PrLockService(await Host(all, time, compose), time, ownedDirectory);
        }
        catch when (ownedDirectory is not null)
        {
            Directory.Delete(ownedDirectory, recursive: true);
            throw;
        }
    }

    static Task<TestWebHost> Host(Dictionary<string, string?> all, SettableTime time, Action<MicroHostBuilder>? compose)
    {
        var recorderQueue = $"pr-lock-events-{Guid.NewGuid():N}";
        return TestWebHost.Start(all, micro =>
        {
            micro.Services.AddSingleton<TimeProvider>(time);
            micro.Services.AddSingleton<ConsumedPullRequests>();
            micro.Services.AddConsumeObserver(provider => provider.GetRequiredService<ConsumedPullRequests>());
            compose?.Invoke(micro);
            micro.Add(new PrLockModule());
            micro.Add("lock-event-recorder", recorder =>
            {
                recorder.Services.AddSingleton<LockEvents>();
                recorder.AddConsumer<LockEventRecorder>(endpoint =>
                {
                    endpoint.Name = recorderQueue;
                    endpoint.Temporary = true;
                });
            });
        });
    }

    public Task<HttpResponseMessage> Post(string environment, string action, int pullRequest, string? repository = null) =>
        Client.PostAsJsonAsync($"/api/locks/{environment}/{action}", repository is null ? new { pullRequest } : (object)new { pullRequest, repository });

    public Task<HttpResponseMessage> Acquire(string environment, int pullRequest, string? repository = null) =>
        Post(environment, "acquire", pullRequest, repository);

    /// <summary>Opens the pull requests through signed webhooks and waits until the service knows their head commits.</summary>
    public async Task Opened(params int[] pullRequests)
    {
        foreach (var pullRequest in pullRequests)
            await PullRequestWebhooks.Deliver(Client, "opened", pullRequest);

        await Eventually.True(async () =>
        {
            await using var db = await Services.GetRequiredService<IDbContextFactory<PrLockDbContext>>().CreateDbContextAsync();
            return await db.Heads.CountAsync(h => pullRequests.Contains(h.Number)) == pullRequests.Length;
        }, "the pull requests' head commits are known");
    }

    public async Task<JsonElement> State(string environment) =>
        await Client.GetFromJsonAsync<JsonElement>($"/api/locks/{environment}");

    public async ValueTask DisposeAsync()
    {
        await host.DisposeAsync();
        if (ownedDirectory is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(ownedDirectory, recursive: true);
        }
    }
}
