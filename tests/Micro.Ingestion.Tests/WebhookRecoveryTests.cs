using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Micro.Testing;
using Micro.Testing.Fakes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Micro.Ingestion.Tests;

/// <summary>GitHub never redelivers a failed delivery by itself; with recovery enabled, Micro has it do so for what Micro missed.</summary>
public sealed class WebhookRecoveryTests
{
    static readonly FakeHook ApiHook = FakeHook.Repository("acme/api", 7);
    static readonly string Queued = WebhookPayloads.Read("workflow_job", "queued.payload.json");
    static readonly string Push = WebhookPayloads.Read("push", "payload.json");
    static readonly Dictionary<string, string?> WatchingApiHook = new()
    {
        ["GitHub:WebhookRecovery:Hooks:0:Repository"] = "acme/api",
        ["GitHub:WebhookRecovery:Hooks:0:HookId"] = "7",
    };

    [Fact]
    public async Task Deliveries_that_timed_out_or_failed_at_GitHub_are_redelivered_and_land_in_the_delivery_log()
    {
        await using var github = await FakeGitHub.Start();
        var timedOut = Guid.NewGuid().ToString();
        var refused = Guid.NewGuid().ToString();
        github.AddHookDelivery(ApiHook, timedOut, "workflow_job", Queued, statusCode: 0, deliveredAt: Ago(minutes: 20));
        github.AddHookDelivery(ApiHook, refused, "push", Push, statusCode: 503, deliveredAt: Ago(minutes: 10));
        await using var micro = await RecoveringIngestion.Start(github, new Dictionary<string, string?>(WatchingApiHook)
        {
            ["GitHub:WebhookRecovery:Interval"] = "00:00:01",
        });
        github.DeliverWebhooksTo(micro.WebhookUrl, IngestionService.Secret);

        await Eventually.True(async () => await Stored(micro, timedOut) && await Stored(micro, refused), "both missed deliveries are in the delivery log");

        Assert.Equal(new[] { refused, timedOut }.Order(), github.Redeliveries.Select(redelivery => redelivery.Guid).Order());
        var detail = await micro.Client.GetFromJsonAsync<JsonElement>($"/api/ingestion/deliveries/{timedOut}");
        Assert.Equal("workflow_job", detail.GetProperty("delivery").GetProperty("event").GetString());
        Assert.Equal(2, micro.Measurements.Of("micro.ingestion.redeliveries_requested").Count);
    }

    [Fact]
    public async Task Only_events_no_attempt_delivered_that_Micro_lacks_and_first_sent_within_the_look_back_are_redelivered()
    {
        await using var github = await FakeGitHub.Start();
        var missed = Guid.NewGuid().ToString();
        var stored = Guid.NewGuid().ToString();
        var deliveredLater = Guid.NewGuid().ToString();
        var tooOld = Guid.NewGuid().ToString();
        github.AddHookDelivery(ApiHook, missed, "workflow_job", Queued, statusCode: 503, deliveredAt: Ago(minutes: 50));
        var latestMissed = github.AddHookDelivery(ApiHook, missed, "workflow_job", Queued, statusCode: 0, deliveredAt: Ago(minutes: 20), redelivery: true);
        github.AddHookDelivery(ApiHook, stored, "workflow_job", Queued, statusCode: 0, deliveredAt: Ago(minutes: 40));
        github.AddHookDelivery(ApiHook, deliveredLater, "push", Push, statusCode: 502, deliveredAt: Ago(minutes: 30));
        github.AddHookDelivery(ApiHook, deliveredLater, "push", Push, statusCode: 202, deliveredAt: Ago(minutes: 25), redelivery: true);
        github.AddHookDelivery(ApiHook, tooOld, "push", Push, statusCode: 503, deliveredAt: Ago(minutes: 4 * 60));
        github.AddHookDelivery(ApiHook, tooOld, "push", Push, statusCode: 503, deliveredAt: Ago(minutes: 10), redelivery: true);
        await using var micro = await RecoveringIngestion.Start(github, WatchingApiHook);
        // GitHub gave up waiting, but Micro had stored it.
        Assert.Equal(HttpStatusCode.Accepted, (await micro.Service.Deliver("workflow_job", Queued, stored)).StatusCode);

        var redelivered = await micro.RecoverOnce();

        Assert.Equal(1, redelivered);
        var redelivery = Assert.Single(github.Redeliveries);
        Assert.Equal((ApiHook.Path, latestMissed.Id, missed), (redelivery.Hook, redelivery.DeliveryId, redelivery.Guid));
        var counted = Assert.Single(micro.Measurements.Of("micro.ingestion.redeliveries_requested"));
        Assert.Equal("repository acme/api hook 7", counted["hook"]);
    }

    [Fact]
    public async Task A_pass_asks_for_at_most_MaxPerPass_redeliveries_least_recently_tried_first()
    {
        await using var github = await FakeGitHub.Start();
        var events = Enumerable.Range(1, 5).Select(_ => Guid.NewGuid().ToString()).ToArray();
        foreach (var (index, guid) in events.Index())
            github.AddHookDelivery(ApiHook, guid, "workflow_job", Queued, statusCode: 0, deliveredAt: Ago(minutes: 50 - index * 10));
        await using var micro = await RecoveringIngestion.Start(github, new Dictionary<string, string?>(WatchingApiHook)
        {
            ["GitHub:WebhookRecovery:MaxPerPass"] = "2",
        });

        // No receiver is set, so every redelivery fails again, and the next pass turns to the events not tried yet.
        Assert.Equal(2, await micro.RecoverOnce());
        Assert.Equal(events[..2], github.Redeliveries.Select(redelivery => redelivery.Guid));
        Assert.Equal(2, await micro.RecoverOnce());
        Assert.Equal(events[..4], github.Redeliveries.Select(redelivery => redelivery.Guid));
    }

    [Fact]
    public async Task An_organization_hook_is_read_and_redelivered_at_the_organization_with_the_token()
    {
        await using var github = await FakeGitHub.Start();
        var hook = FakeHook.Organization("acme", 8);
        var missed = Guid.NewGuid().ToString();
        var attempt = github.AddHookDelivery(hook, missed, "push", Push, statusCode: 500, deliveredAt: Ago(minutes: 5));
        await using var micro = await RecoveringIngestion.Start(github, new Dictionary<string, string?>
        {
            ["GitHub:WebhookRecovery:Hooks:0:Organization"] = "acme",
            ["GitHub:WebhookRecovery:Hooks:0:HookId"] = "8",
        });

        await micro.RecoverOnce();

        Assert.Equal(("/orgs/acme/hooks/8", attempt.Id, missed), Redelivered(github));
        var calls = github.Requests.Where(request => request.Path.StartsWith("/orgs/acme/hooks/8/deliveries", StringComparison.Ordinal)).ToList();
        Assert.Equal(["GET", "POST"], calls.Select(call => call.Method));
        Assert.All(calls, call => Assert.Equal($"Bearer {FakeGitHub.Token}", call.Authorization));
    }

    [Fact]
    public async Task As_a_GitHub_App_its_own_hook_is_reached_with_the_App_JWT_and_an_organization_hook_with_the_installation_token()
    {
        await using var github = await FakeGitHub.Start();
        var pem = Fixtures.Read("test-vectors", "github-app-jwt.test-key.pkcs8.pem");
        using var key = RSA.Create();
        key.ImportFromPem(pem);
        github.UseApp(appId: 1234, key, installationId: 55);
        var organizationHook = FakeHook.Organization("acme", 8);
        var viaApp = github.AddHookDelivery(FakeHook.App, Guid.NewGuid().ToString(), "workflow_job", Queued, statusCode: 0, deliveredAt: Ago(minutes: 5));
        var viaOrganization = github.AddHookDelivery(organizationHook, Guid.NewGuid().ToString(), "push", Push, statusCode: 503, deliveredAt: Ago(minutes: 5));
        await using var micro = await RecoveringIngestion.Start(github, new Dictionary<string, string?>
        {
            ["GitHub:Token"] = null,
            ["GitHub:AppId"] = "1234",
            ["GitHub:AppPrivateKey"] = pem,
            ["GitHub:WebhookRecovery:Hooks:0:App"] = "true",
            ["GitHub:WebhookRecovery:Hooks:1:Organization"] = "acme",
            ["GitHub:WebhookRecovery:Hooks:1:HookId"] = "8",
        });

        Assert.Equal(2, await micro.RecoverOnce());

        Assert.Equal([("/app/hook", viaApp.Id), ("/orgs/acme/hooks/8", viaOrganization.Id)],
            github.Redeliveries.Select(redelivery => (redelivery.Hook, redelivery.DeliveryId)));
        var appCalls = github.Requests.Where(request => request.Path.StartsWith("/app/hook/deliveries", StringComparison.Ordinal)).ToList();
        Assert.Equal(["GET", "POST"], appCalls.Select(call => call.Method));
        Assert.All(appCalls, call => Assert.Equal(3, call.Authorization["Bearer ".Length..].Split('.').Length));
        Assert.Single(github.Requests, request => request.Path == "/orgs/acme/installation");
        Assert.All(github.Requests.Where(request => request.Path.StartsWith("/orgs/acme/hooks/", StringComparison.Ordinal)),
            call => Assert.StartsWith("Bearer ghs_", call.Authorization));
        Assert.Equal(1, github.InstallationTokensIssued);
    }

    [Fact]
    public async Task GitHub_errors_are_logged_and_counted_and_what_can_be_recovered_still_is()
    {
        await using var github = await FakeGitHub.Start();
        github.AddHook(FakeHook.Repository("acme/locked", 10));
        github.Fail("GET", "/repos/acme/locked/hooks/10/deliveries", 403, "Resource not accessible by personal access token");
        var refused = Guid.NewGuid().ToString();
        var missed = Guid.NewGuid().ToString();
        github.AddHookDelivery(ApiHook, refused, "push", Push, statusCode: 0, deliveredAt: Ago(minutes: 30));
        github.AddHookDelivery(ApiHook, missed, "push", Push, statusCode: 0, deliveredAt: Ago(minutes: 20));
        github.Fail("POST", $"{ApiHook.Path}/deliveries/", 422, "Validation Failed");
        await using var micro = await RecoveringIngestion.Start(github, new Dictionary<string, string?>
        {
            ["GitHub:WebhookRecovery:Hooks:0:Repository"] = "acme/missing",
            ["GitHub:WebhookRecovery:Hooks:0:HookId"] = "9",
            ["GitHub:WebhookRecovery:Hooks:1:Repository"] = "acme/locked",
            ["GitHub:WebhookRecovery:Hooks:1:HookId"] = "10",
            ["GitHub:WebhookRecovery:Hooks:2:App"] = "true",
            ["GitHub:WebhookRecovery:Hooks:3:Repository"] = "acme/api",
            ["GitHub:WebhookRecovery:Hooks:3:HookId"] = "7",
        });

        Assert.Equal(1, await micro.RecoverOnce());

        Assert.Equal(missed, Assert.Single(github.Redeliveries).Guid);
        var errors = micro.Measurements.Of("micro.ingestion.recovery_errors").Select(tags => ($"{tags["hook"]}", $"{tags["error"]}"));
        Assert.Equal(
            [
                ("repository acme/missing hook 9", "404"), ("repository acme/locked hook 10", "403"),
                ("the GitHub App's hook", "GitHubNotConfiguredException"), ("repository acme/api hook 7", "422"),
            ],
            errors);
        Assert.DoesNotContain(github.Requests, request => request.Path.StartsWith("/app/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_spent_rate_limit_ends_the_pass_and_the_next_pass_recovers()
    {
        await using var github = await FakeGitHub.Start();
        var organizationHook = FakeHook.Organization("acme", 8);
        var missed = Guid.NewGuid().ToString();
        github.AddHook(ApiHook);
        github.AddHookDelivery(organizationHook, missed, "push", Push, statusCode: 0, deliveredAt: Ago(minutes: 5));
        github.Fail("GET", $"{ApiHook.Path}/deliveries", 429, "You have exceeded a secondary rate limit.", new Dictionary<string, string> { ["Retry-After"] = "60" });
        await using var micro = await RecoveringIngestion.Start(github, new Dictionary<string, string?>(WatchingApiHook)
        {
            ["GitHub:WebhookRecovery:Hooks:1:Organization"] = "acme",
            ["GitHub:WebhookRecovery:Hooks:1:HookId"] = "8",
        });

        Assert.Equal(0, await micro.RecoverOnce());
        Assert.DoesNotContain(github.Requests, request => request.Path.StartsWith("/orgs/", StringComparison.Ordinal));

        Assert.Equal(1, await micro.RecoverOnce());
        Assert.Equal(missed, Assert.Single(github.Redeliveries).Guid);
    }

    [Fact]
    public async Task Replicas_sharing_the_delivery_log_take_turns_at_passes()
    {
        await using var github = await FakeGitHub.Start();
        await using var database = PostgresDatabase.Reserve("ingestion_recovery");
        var shared = new Dictionary<string, string?>(WatchingApiHook)
        {
            ["Database:Provider"] = "Postgres",
            ["ConnectionStrings:Ingestion"] = database.ConnectionString,
        };
        await using var first = await RecoveringIngestion.Start(github, shared);
        await using var second = await RecoveringIngestion.Start(github, shared);
        var interval = TimeSpan.FromMinutes(5);

        Assert.True(await first.ClaimPass(interval));
        Assert.False(await second.ClaimPass(interval));
        Assert.False(await first.ClaimPass(interval));
    }

    [Fact]
    public async Task At_start_the_log_says_what_is_watched()
    {
        await using var github = await FakeGitHub.Start();
        var logs = new CapturedLogs();

        await using var micro = await RecoveringIngestion.Start(github, new Dictionary<string, string?>(WatchingApiHook)
        {
            ["GitHub:WebhookRecovery:Hooks:1:App"] = "true",
        }, logs);

        await Eventually.True(() => logs.Entries.Any(entry => entry.Level == LogLevel.Information
            && entry.Message.Contains("at most 50 a pass) from repository acme/api hook 7; the GitHub App's hook", StringComparison.Ordinal)),
            "the start-up log names the watched hooks");
    }

    [Fact]
    public async Task Enabled_without_GitHub_credentials_a_warning_says_what_to_set()
    {
        await using var github = await FakeGitHub.Start();
        var logs = new CapturedLogs();

        await using var micro = await RecoveringIngestion.Start(github, new Dictionary<string, string?>(WatchingApiHook)
        {
            ["GitHub:Token"] = null,
        }, logs);

        await Eventually.True(() => logs.Entries.Any(entry => entry.Level == LogLevel.Warning
            && entry.Message.Contains("Webhook recovery is enabled but GitHub is not configured", StringComparison.Ordinal)
            && entry.Message.Contains("GitHub:Token", StringComparison.Ordinal)),
            "a warning names the settings to make");
        Assert.DoesNotContain(logs.Entries, entry => entry.Message.Contains("Webhook recovery: every", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Enabled_without_a_hook_to_watch_the_service_refuses_to_start_naming_the_key()
    {
        await using var github = await FakeGitHub.Start();

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => RecoveringIngestion.Start(github, new Dictionary<string, string?>()));

        Assert.Contains("GitHub:WebhookRecovery:Hooks: recovery is enabled but watches no hook", failure.Message);
    }

    [Theory]
    [InlineData("acme", null, "1", "GitHub:WebhookRecovery:Hooks:0:Repository")]
    [InlineData("acme/api", null, null, "GitHub:WebhookRecovery:Hooks:0:HookId")]
    [InlineData(null, "acme/api", "1", "GitHub:WebhookRecovery:Hooks:0:Organization")]
    [InlineData("acme/api", "acme", "1", "GitHub:WebhookRecovery:Hooks:0")]
    public async Task A_recovery_setting_that_cannot_work_stops_the_service_naming_the_key(string? repository, string? organization, string? hookId, string key)
    {
        await using var github = await FakeGitHub.Start();

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => RecoveringIngestion.Start(github, new Dictionary<string, string?>
        {
            ["GitHub:WebhookRecovery:Hooks:0:Repository"] = repository,
            ["GitHub:WebhookRecovery:Hooks:0:Organization"] = organization,
            ["GitHub:WebhookRecovery:Hooks:0:HookId"] = hookId,
        }));

        Assert.Contains($"{key}: ", failure.Message);
    }

    static DateTimeOffset Ago(int minutes) => DateTimeOffset.UtcNow.AddMinutes(-minutes);

    static (string Hook, long DeliveryId, string Guid) Redelivered(FakeGitHub github)
    {
        var redelivery = Assert.Single(github.Redeliveries);
        return (redelivery.Hook, redelivery.DeliveryId, redelivery.Guid);
    }

    static async Task<bool> Stored(RecoveringIngestion micro, string deliveryId) =>
        (await micro.Client.GetAsync($"/api/ingestion/deliveries/{deliveryId}")).StatusCode == HttpStatusCode.OK;
}
